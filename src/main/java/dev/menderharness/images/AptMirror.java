package dev.menderharness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Debian mirror this machine already uses, read from its apt sources (deb822
 * {@code /etc/apt/sources.list.d/*.sources} first, then one-line {@code sources.list} files), so
 * the base image is built from the same mirror the host is allowed to reach. Never hard-coded.
 */
final class AptMirror {
    private static final Pattern DEB822_URIS = Pattern.compile("(?m)^URIs:\\s*(\\S+)");
    private static final Pattern ONE_LINE = Pattern.compile("(?m)^\\s*deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s+(\\S+)");

    private AptMirror() {
    }

    /** The first Debian (not security) mirror in {@code aptDir}'s sources; one-line error if none. */
    static String find(Path aptDir) {
        Path listD = aptDir.resolve("sources.list.d");
        try {
            if (Files.isDirectory(listD)) {
                try (Stream<Path> s = Files.list(listD)) {
                    for (Path f : s.filter(p -> p.toString().endsWith(".sources")).sorted().toList()) {
                        Optional<String> m = firstMirror(DEB822_URIS.matcher(Files.readString(f)), false);
                        if (m.isPresent()) return m.get();
                    }
                }
            }
            Path list = aptDir.resolve("sources.list");
            if (Files.isRegularFile(list)) {
                Optional<String> m = firstMirror(ONE_LINE.matcher(Files.readString(list)), true);
                if (m.isPresent()) return m.get();
            }
            if (Files.isDirectory(listD)) {
                try (Stream<Path> s = Files.list(listD)) {
                    for (Path f : s.filter(p -> p.toString().endsWith(".list")).sorted().toList()) {
                        Optional<String> m = firstMirror(ONE_LINE.matcher(Files.readString(f)), true);
                        if (m.isPresent()) return m.get();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new ImageException("no Debian mirror found in " + listD + "/*.sources (URIs:) or " + aptDir
                + "/sources.list (deb lines): the base image is built with debootstrap from the host's mirror");
    }

    private static Optional<String> firstMirror(Matcher m, boolean oneLine) {
        while (m.find()) {
            String uri = m.group(1);
            if (oneLine && m.group(2).contains("security")) continue;
            if (uri.contains("security") || !(uri.startsWith("http://") || uri.startsWith("https://"))) continue;
            return Optional.of(uri);
        }
        return Optional.empty();
    }
}
