package dev.menderharness.cluster;

import dev.menderharness.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The run's own directory on this machine ({@code <state dir>/<runId>/work}, mode 0700): what a
 * bring-up writes to disk (staged manifests holding the S3 secret, saved image tars) goes there,
 * never to /tmp, and is removed when the run closes, by {@code down}, or by the reaper when the
 * run died.
 */
public final class RunDirectory {

    private RunDirectory() {
    }

    /** {@code <runsDir>/<runId>/work}, created owner-only when missing. */
    public static Path create(Path runsDir, String runId) {
        Path dir = of(runsDir, runId);
        try {
            Files.createDirectories(dir.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public static Path of(Path runsDir, String runId) {
        return runsDir.resolve(runId).resolve("work");
    }

    /** Removes the run's work directory (and its run directory when nothing else is left in it). Never throws. */
    public static void delete(Path runsDir, String runId) {
        Path dir = of(runsDir, runId);
        deleteTree(dir);
        try {
            Files.deleteIfExists(dir.getParent()); // only when empty: up keeps its state beside it
        } catch (IOException notEmpty) {
            // something else of the run is still there
        }
    }

    /** Deletes {@code dir} and everything below it; best effort. */
    public static void deleteTree(Path dir) {
        TempDirs.deleteTree(dir);
    }
}
