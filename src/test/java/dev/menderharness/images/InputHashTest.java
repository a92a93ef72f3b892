package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputHashTest {
    @TempDir
    Path tmp;

    @Test
    void jarHashIgnoresTimestampsAndOrderButNotContent() throws Exception {
        Path a = jar("a.jar", 1_000L, "x.class", "one", "y.class", "two");
        Path b = jar("b.jar", 9_999_000L, "y.class", "two", "x.class", "one");
        Path c = jar("c.jar", 1_000L, "x.class", "one", "y.class", "TWO");
        assertThat(new InputHash("t").jarEntries(a).hex12()).isEqualTo(new InputHash("t").jarEntries(b).hex12());
        assertThat(new InputHash("t").jarEntries(a).hex12()).isNotEqualTo(new InputHash("t").jarEntries(c).hex12());
    }

    @Test
    void directoryHashSeesContentNamesAndExecutableBit() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(d.resolve("Dockerfile"), "FROM x\n");
        Path script = Files.writeString(d.resolve("run"), "#!/bin/sh\n");
        String first = new InputHash("t").directory(d).hex12();
        assertThat(new InputHash("t").directory(d).hex12()).isEqualTo(first);
        script.toFile().setExecutable(true);
        String executable = new InputHash("t").directory(d).hex12();
        assertThat(executable).isNotEqualTo(first);
        Files.writeString(d.resolve("Dockerfile"), "FROM y\n");
        assertThat(new InputHash("t").directory(d).hex12()).isNotEqualTo(executable);
    }

    private Path jar(String name, long time, String... entries) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                ZipEntry e = new ZipEntry(entries[i]);
                e.setTime(time);
                zip.putNextEntry(e);
                zip.write(entries[i + 1].getBytes());
                zip.closeEntry();
            }
        }
        return p;
    }
}
