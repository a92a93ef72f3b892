package dev.menderharness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** SHA-256 over everything an image is built from; tags use its first 12 hex digits. */
final class InputHash {
    private final MessageDigest digest;

    InputHash(String kind) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        text(kind);
    }

    InputHash text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
        return this;
    }

    /** Every regular file under {@code dir}: relative path, executable bit and content, in path order. */
    InputHash directory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : sorted) {
                text(dir.relativize(f).toString().replace('\\', '/'));
                text(Files.isExecutable(f) ? "x" : "-");
                digest.update(Files.readAllBytes(f));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A jar by its entries (name, CRC-32 of the content, size) in name order, ignoring entry
     * timestamps and order, so that {@code mvn package} of unchanged code keeps the tag. The CRCs
     * come from the central directory: no entry is decompressed, which keeps warm runs fast.
     */
    InputHash jarEntries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (ZipEntry e : entries) {
                if (e.isDirectory()) continue;
                text(e.getName()).text(Long.toHexString(e.getCrc())).text(Long.toString(e.getSize()));
            }
            return this;
        } catch (IOException e) {
            throw new ImageException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    String hex12() {
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }
}
