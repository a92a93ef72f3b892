package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base image's slimming script on a small fake debootstrap tree: what goes, what stays. */
class BaseImageSlimTest {
    @TempDir
    Path root;

    private Path file(String rel) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, rel);
        return p;
    }

    @Test
    void dropsDocsTranslationsAndAptCachesKeepsToolsAndCopyright() throws Exception {
        List<String> gone = List.of("usr/share/doc/curl/changelog.gz", "usr/share/man/man1/ls.1.gz", "usr/share/info/dir",
                "usr/share/locale/de/LC_MESSAGES/apt.mo", "var/cache/apt/archives/bash_5.2_amd64.deb",
                "var/cache/apt/pkgcache.bin", "var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease", "var/log/dpkg.log");
        List<String> kept = List.of("usr/share/doc/curl/copyright", "usr/share/locale/locale.alias", "usr/bin/getent",
                "bin/sh", "var/lib/dpkg/status", "usr/share/zoneinfo/UTC");
        for (String f : gone) file(f);
        for (String f : kept) file(f);

        DockerCli.Result r = DockerCli.runCommand(List.of("sh", "-c", BaseImageBuilder.SLIM_SCRIPT, "slim", root.toString()), Map.of(), 60);

        assertThat(r.ok()).as(r.output()).isTrue();
        for (String f : gone) assertThat(root.resolve(f)).as(f).doesNotExist();
        for (String f : kept) assertThat(root.resolve(f)).as(f).exists();
        assertThat(root.resolve("var/lib/apt/lists/partial")).isDirectory();
        assertThat(Files.readString(root.resolve("etc/dpkg/dpkg.cfg.d/01-mender-harness-slim")))
                .contains("path-exclude /usr/share/doc/*", "path-include /usr/share/doc/*/copyright", "path-exclude /usr/share/locale/*");
    }
}
