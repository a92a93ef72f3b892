package dev.menderharness.manifest;

/**
 * What the loaders accept before they call input hostile: each limit ends a load with a one-line
 * {@link ManifestException} naming the file (and line where known) instead of a StackOverflowError,
 * an OutOfMemoryError or a hang. Chosen so that the validator stays within a 512 MB heap
 * ({@code -Xmx512m}); docs/validator.md lists them with what happens at each.
 */
public final class InputLimits {
    private InputLimits() {
    }

    /** Bytes of one file (YAML, nginx, .env, env_file, generator file, values file) or of a rendered chart. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    /**
     * Bytes of everything one load reads (every file counted once, a rendered chart included). A
     * manifest costs the JVM about 25 times its size once parsed and checked.
     */
    public static final long MAX_TOTAL_BYTES = 16L * 1024 * 1024;

    /** YAML nodes (scalars, sequences, mappings, aliases as written) of everything one load parses. */
    public static final long MAX_YAML_NODES = 1_000_000;

    /** Nesting of YAML collections as written, of nginx blocks, of Compose {@code ${...}} defaults, of Traefik rule parentheses. */
    public static final int MAX_NESTING = 50;

    /** Nesting of a YAML document with its aliases expanded (an alias may hang a deep tree below a deep node). */
    public static final int MAX_EXPANDED_NESTING = 2 * MAX_NESTING;

    /** Aliases to collections per YAML file (SnakeYAML's own limit, kept). */
    public static final int MAX_COLLECTION_ALIASES = 50;

    /** Nodes that aliases may add to one YAML document when expanded (a "billion laughs" adds billions). */
    public static final long MAX_ALIAS_EXPANSION = 100_000;

    /**
     * Character reads one match of a user's regular expression (nginx {@code location ~}, Traefik
     * {@code PathRegexp}) may take against a request path: catastrophic backtracking ends here.
     */
    public static final long MAX_REGEX_STEPS = 1_000_000;

    /** {@code 8.0 MB} for a byte count. */
    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
