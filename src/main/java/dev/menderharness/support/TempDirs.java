package dev.menderharness.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories that outlive no one for long: each is named after the JVM that made it
 * ({@code <tmp>/<prefix><pid>-<random>}), and making one first removes those whose process is gone.
 * A run killed with SIGKILL (no finally, no shutdown hook) leaves its copy only until the next run.
 */
public final class TempDirs {

    private TempDirs() {
    }

    /** A new directory under java.io.tmpdir; this prefix's directories of dead processes there are removed. */
    public static Path create(String prefix) throws IOException {
        Path made = Files.createTempDirectory(prefix + ProcessHandle.current().pid() + "-");
        sweep(made.getParent(), prefix); // ours is alive: it stays
        return made;
    }

    /**
     * Removes {@code <prefix><pid>-*} directories in {@code dir} whose process is not alive; a name
     * without a pid is not ours and stays. Returns how many went.
     */
    static int sweep(Path dir, String prefix) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit) || !Files.isDirectory(p)) continue;
                long pid = Long.parseLong(rest.substring(0, dash));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                deleteTree(p);
                removed++;
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: the next run sweeps again
        }
        return removed;
    }

    /** Deletes {@code dir} and everything below it; best effort, never throws. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: what is left goes with the next sweep or the reaper
        }
    }
}
