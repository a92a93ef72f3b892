package dev.menderharness.checks.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shell loop that resolves a batch of names in one exec (one container round trip for all of
 * them) and times each lookup inside the container, so exec overhead never counts as DNS latency.
 * Output per name: a header {@code @@lookup NAME RC START_NS END_NS} followed by getent's lines.
 */
public final class LookupScript {

    static final String SCRIPT = String.join("\n",
            "T=''; if command -v timeout >/dev/null 2>&1; then T='timeout 5'; fi",
            "for n in \"$@\"; do",
            "  s=$(date +%s%N)",
            "  out=$($T getent ahosts \"$n\" 2>&1); rc=$?",
            "  e=$(date +%s%N)",
            "  echo \"@@lookup $n $rc $s $e\"",
            "  [ -n \"$out\" ] && echo \"$out\"",
            "done",
            "exit 0");

    private LookupScript() {
    }

    /** argv for {@code sh}: {@code sh -c SCRIPT sh NAME...}. */
    public static String[] command(List<String> names) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh"));
        argv.addAll(names);
        return argv.toArray(String[]::new);
    }

    /**
     * Parses the script's output. {@code fallbackPerLookup} is used when the container's {@code date}
     * has no nanoseconds (then the exec time divided by the number of names, an upper bound).
     */
    public static List<Lookup> parse(String vantage, String stdout, Duration fallbackPerLookup) {
        List<Lookup> out = new ArrayList<>();
        String name = null;
        int rc = -1;
        Duration took = null;
        Set<String> addrs = new LinkedHashSet<>();
        for (String line : stdout.split("\\R")) {
            if (line.startsWith("@@lookup ")) {
                if (name != null) {
                    out.add(new Lookup(vantage, name, rc, Set.copyOf(addrs), took));
                }
                String[] f = line.trim().split("\\s+");
                name = f.length > 1 ? f[1] : "?";
                rc = f.length > 2 ? parseInt(f[2]) : -1;
                took = f.length > 4 ? nanosBetween(f[3], f[4]) : null;
                if (took == null) {
                    took = fallbackPerLookup;
                }
                addrs = new LinkedHashSet<>();
            } else if (name != null && !line.isBlank()) {
                String first = line.trim().split("\\s+")[0];
                if (first.matches("[0-9a-fA-F:.]+") && (first.contains(".") || first.contains(":"))) {
                    addrs.add(first);
                }
            }
        }
        if (name != null) {
            out.add(new Lookup(vantage, name, rc, Set.copyOf(addrs), took));
        }
        return out;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Duration nanosBetween(String start, String end) {
        try {
            long s = Long.parseLong(start);
            long e = Long.parseLong(end);
            // A date without %N prints e.g. "1764120000N": not a number, so we never get here with seconds.
            return e >= s ? Duration.ofNanos(e - s) : null;
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
