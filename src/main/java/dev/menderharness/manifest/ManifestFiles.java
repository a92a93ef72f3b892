package dev.menderharness.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every read of a user's file goes through here: only regular files are opened (a named pipe or a
 * device would block or never end), each at most {@link InputLimits#MAX_FILE_BYTES}, text must be
 * UTF-8 without NUL bytes. Within {@link #budgeted} (one {@link Manifests#load}) the bytes read and
 * the YAML nodes parsed add up against {@link InputLimits#MAX_TOTAL_BYTES} and
 * {@link InputLimits#MAX_YAML_NODES}, so memory stays bounded however many files there are.
 */
final class ManifestFiles {
    private static final ThreadLocal<Budget> BUDGET = new ThreadLocal<>();

    private ManifestFiles() {
    }

    /** What one load has used so far. */
    private static final class Budget {
        final Set<Path> counted = new HashSet<>();
        long bytes;
        long nodes;
    }

    /** Runs {@code load} with one budget for everything it reads (nested calls share the outer budget). */
    static <T> T budgeted(Supplier<T> load) {
        if (BUDGET.get() != null) return load.get();
        BUDGET.set(new Budget());
        try {
            return load.get();
        } finally {
            BUDGET.remove();
        }
    }

    /** The file's text: a regular file within the size limits, UTF-8, no NUL byte. */
    static String readText(Path file) {
        return decode(file, readBytes(file));
    }

    /** The file's bytes: a regular file within the size limits (binary allowed: generator files). */
    static byte[] readBytes(Path file) {
        BasicFileAttributes attrs = regularFile(file);
        if (attrs.size() > InputLimits.MAX_FILE_BYTES) throw tooBig(file, attrs.size());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded whatever the size said (a file that grows, a /proc file that reports 0).
            bytes = in.readNBytes((int) InputLimits.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new ManifestException(file, 0, "cannot read: " + reason(e));
        }
        if (bytes.length > InputLimits.MAX_FILE_BYTES) throw tooBig(file, bytes.length);
        charge(file, bytes.length);
        return bytes;
    }

    /** Refuses, without reading it, a file another reader (helm) would block on or that is over the size limit. */
    static void checkReadable(Path file) {
        BasicFileAttributes attrs = regularFile(file);
        if (attrs.size() > InputLimits.MAX_FILE_BYTES) throw tooBig(file, attrs.size());
    }

    /** Attributes of {@code file} (links followed); a missing file or anything but a regular file is refused. */
    static BasicFileAttributes regularFile(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ManifestException(file, 0, "cannot read: no such file");
        } catch (IOException e) {
            throw new ManifestException(file, 0, "cannot read: " + reason(e));
        }
        if (!attrs.isRegularFile()) throw new ManifestException(file, 0, kind(file) + ", not a regular file; not read");
        return attrs;
    }

    /** Counts {@code bytes} of {@code file} (or of text rendered in memory under that name) against the load's budget. */
    static void charge(Path file, long bytes) {
        Budget b = BUDGET.get();
        if (b == null || !b.counted.add(file.toAbsolutePath().normalize())) return;
        b.bytes += bytes;
        if (b.bytes > InputLimits.MAX_TOTAL_BYTES) {
            throw new ManifestException(file, 0, "the manifests read so far add up to " + InputLimits.megabytes(b.bytes)
                    + ", over the validator's limit of " + InputLimits.megabytes(InputLimits.MAX_TOTAL_BYTES) + " per run; validate a smaller directory");
        }
    }

    /** Counts YAML nodes parsed from {@code file}; true while within the load's budget. */
    static boolean chargeNodes(long n) {
        Budget b = BUDGET.get();
        if (b == null) return true;
        b.nodes += n;
        return b.nodes <= InputLimits.MAX_YAML_NODES;
    }

    private static ManifestException tooBig(Path file, long size) {
        return new ManifestException(file, 0, InputLimits.megabytes(size) + ", over the validator's limit of "
                + InputLimits.megabytes(InputLimits.MAX_FILE_BYTES) + " per file");
    }

    /** Strict UTF-8; a NUL byte (binary data, UTF-16) or an invalid sequence is refused at its line. */
    static String decode(Path file, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) throw new ManifestException(file, lineAt(bytes, i), "binary data (a NUL byte), not a text file");
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new ManifestException(file, lineAt(bytes, at), String.format("not UTF-8 text (byte 0x%02X at offset %d)", bytes[at] & 0xff, at));
        }
        r = d.flush(out);
        if (r.isError()) throw new ManifestException(file, lineAt(bytes, bytes.length), "not UTF-8 text (truncated sequence at the end)");
        out.flip();
        return out.toString();
    }

    /** Lenient UTF-8 (a generator file may hold anything; only its text matters to the rules). */
    static String lenient(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    /** "a named pipe", "a character device", ... for a path that is not a regular file. */
    static String kind(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            if (mode instanceof Integer m) {
                switch (m & 0170000) {
                    case 0010000: return "a named pipe (FIFO)";
                    case 0020000: return "a character device";
                    case 0060000: return "a block device";
                    case 0140000: return "a socket";
                    case 0040000: return "a directory";
                    case 0100000: return "a regular file";
                    default: break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: the generic answer below
        }
        return Files.isDirectory(p) ? "a directory" : "a special file (pipe, device or socket)";
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String name = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return m == null ? name : m.replace('\n', ' ');
    }
}
