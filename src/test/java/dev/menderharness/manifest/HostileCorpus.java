package dev.menderharness.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The malformed-input corpus (src/test/resources/hostile): the table {@code cases.tsv} of what
 * {@code validate} must answer per case, the small cases as committed directories, and the cases
 * that would be big or cannot be committed (huge, deep, binary, named pipes, devices, symbolic
 * links) written by {@link #materialize} at test time. Used by the loaders' unit test and by
 * {@code faults.MalformedInputIT}, which runs the real jar.
 */
public final class HostileCorpus {

    /** How the answer is checked: the one stderr line (exit 2), a note, or a stdout line (a finding). */
    public enum Stream {
        ERR, NOTE, OUT
    }

    /**
     * One row of the table. {@code args} are extra arguments of {@code validate}; those starting
     * with {@code jvm:} are options of the JVM (a case that needs a small heap).
     */
    public record Case(String name, int exit, Stream stream, String expected, List<String> args) {
        public Path dir(Path corpus) {
            return corpus.resolve(name);
        }

        /** Arguments of validate, placeholders filled. */
        public List<String> validateArgs(Path corpus) {
            return args.stream().filter(a -> !a.startsWith("jvm:")).map(a -> fill(a, corpus, corpus)).toList();
        }

        public List<String> jvmArgs() {
            return args.stream().filter(a -> a.startsWith("jvm:")).map(a -> a.substring(4)).toList();
        }

        /** The expected start of the line, {@code {case}} absolute on stderr, relative to {@code cwd} elsewhere. */
        public String expectedLine(Path corpus, Path cwd) {
            String text = fill(expected, corpus, stream == Stream.ERR ? corpus : cwd);
            return stream == Stream.NOTE ? "note: " + text : text;
        }

        private String fill(String s, Path corpus, Path relativeTo) {
            Path dir = dir(corpus);
            String shown = relativeTo == corpus && stream == Stream.ERR ? dir.toString() : display(dir, relativeTo);
            return s.replace("{case}", shown).replace("{corpus}", corpus.toString());
        }

        private static String display(Path p, Path cwd) {
            Path abs = p.toAbsolutePath().normalize();
            Path base = cwd.toAbsolutePath().normalize();
            return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
        }
    }

    private HostileCorpus() {
    }

    /** The committed corpus: src/test/resources/hostile as the test classpath has it. */
    public static Path resources() {
        try {
            return Path.of(HostileCorpus.class.getResource("/hostile/cases.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The table, in its order. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(resources().resolve("cases.tsv"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                List<String> args = f.length > 4 && !f[4].isBlank() ? List.of(f[4].trim().split(" ")) : List.of();
                out.add(new Case(f[0], Integer.parseInt(f[1]), Stream.valueOf(f[2].toUpperCase()), f[3], args));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Writes every case under {@code into} (emptied first; its real path is returned: symbolic links
     * are judged by real paths). Returns the cases this host cannot make (a device node needs root),
     * each with the reason; the caller skips them.
     */
    public static Map<String, String> materialize(Path into) throws IOException {
        deleteTree(into);
        Files.createDirectories(into);
        Path corpus = into.toRealPath();
        Path res = resources();
        try (java.util.stream.Stream<Path> s = Files.list(res)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) copyTree(dir, corpus.resolve(dir.getFileName().toString()));
        }
        Map<String, String> skipped = new LinkedHashMap<>();
        Path outside = Files.createDirectories(corpus.resolve("outside"));
        Files.writeString(outside.resolve("secret.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n");
        Files.writeString(outside.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n");

        // YAML
        write(corpus.resolve("yaml-deep-flow/deep.yaml"), "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 3000; i++) block.append(" ".repeat(i)).append("k").append(i).append(":\n");
        write(corpus.resolve("yaml-deep-block/deep.yaml"), block.append(" ".repeat(3000)).append("v: 1\n").toString());
        fill(corpus.resolve("yaml-huge/big.yaml"), 45L * 1024 * 1024);
        for (String f : List.of("a.yaml", "b.yaml", "c.yaml")) fill(corpus.resolve("yaml-total-over-limit/" + f), 6L * 1024 * 1024);
        StringBuilder list = new StringBuilder("a: [");
        for (int i = 0; i < 1_100_000; i++) list.append(i == 0 ? "1" : ",1");
        write(corpus.resolve("yaml-too-many-nodes/list.yaml"), list.append("]\n").toString());
        byte[] bytes = new byte[256 * 16];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
        writeBytes(corpus.resolve("yaml-binary/blob.yaml"), bytes);
        writeBytes(corpus.resolve("yaml-latin1/x.yaml"), "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        // nginx
        write(corpus.resolve("nginx-deep/default.conf"), "location / {\n".repeat(5000) + "}\n".repeat(5000));
        writeBytes(corpus.resolve("nginx-binary/logo.conf"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});

        // Special files and links
        copyTree(res.resolve("clean"), corpus.resolve("fifo"));
        mkfifo(corpus.resolve("fifo/pipe.yaml"));
        copyTree(res.resolve("clean"), corpus.resolve("device"));
        String mknod = run("mknod", corpus.resolve("device/null.yaml").toString(), "c", "1", "3");
        if (mknod != null) skipped.put("device", "mknod needs root here: " + mknod);
        mkfifo(corpus.resolve("dir-is-fifo"));
        copyTree(res.resolve("clean"), corpus.resolve("symlink-escape-file"));
        Files.createSymbolicLink(corpus.resolve("symlink-escape-file/passwd.yaml"), outside.resolve("secret.yaml"));
        copyTree(res.resolve("clean"), corpus.resolve("symlink-escape-dir"));
        Files.createSymbolicLink(corpus.resolve("symlink-escape-dir/rootfs"), Path.of("/"));
        chart(corpus.resolve("symlink-escape-chart"));
        Files.createSymbolicLink(corpus.resolve("symlink-escape-chart/LICENSE"), outside.resolve("secret.yaml"));
        copyTree(res.resolve("clean"), corpus.resolve("symlink-to-device"));
        Files.createSymbolicLink(corpus.resolve("symlink-to-device/zero.yaml"), Path.of("/dev/zero"));
        Files.createSymbolicLink(corpus.resolve("symlinked-root"), corpus.resolve("symlink-target"));
        write(corpus.resolve("kustomize-hidden-symlink/kustomization.yaml"), "resources:\n  - .vendor/cm.yaml\n");
        Files.createSymbolicLink(corpus.resolve("kustomize-hidden-symlink/.vendor"), outside);

        // Compose
        for (int i = 0; i < 55; i++) {
            String name = i == 0 ? "docker-compose.yml" : "c" + i + ".yml";
            write(corpus.resolve("compose-include-chain/" + name), "include:\n  - c" + (i + 1) + ".yml\nservices:\n  s" + i + ":\n    image: nginx:1.28.0\n");
        }
        write(corpus.resolve("compose-include-chain/c55.yml"), "services:\n  last:\n    image: nginx:1.28.0\n");
        write(corpus.resolve("compose-interpolation-bomb/.env"), "X=" + "x".repeat(1024 * 1024) + "\n");
        write(corpus.resolve("compose-interpolation-bomb/docker-compose.yml"), "services:\n  web:\n    image: \"" + "${X}".repeat(9) + "\"\n");
        write(corpus.resolve("compose-env-fifo/docker-compose.yml"), "services:\n  web:\n    image: nginx:${TAG:-1.28.0}\n");
        mkfifo(corpus.resolve("compose-env-fifo/.env"));

        // Helm
        mkfifo(outside.resolve("values.yaml"));
        chart(corpus.resolve("helm-values-fifo"));
        chart(corpus.resolve("helm-chart-with-fifo"));
        mkfifo(corpus.resolve("helm-chart-with-fifo/templates/pipe.yaml"));
        chart(corpus.resolve("helm-chart-symlink-escape"));
        Files.createSymbolicLink(corpus.resolve("helm-chart-symlink-escape/.hidden"), outside.resolve("secret.yaml"));
        chart(corpus.resolve("helm-gzip-bomb"));
        gzipBomb(corpus.resolve("helm-gzip-bomb/charts/bomb-0.1.0.tgz"), 20 * 1024 * 1024);

        // The CLI itself
        copyTree(res.resolve("yaml-recursive-alias"), corpus.resolve("picocli-path"));
        fill(corpus.resolve("jvm-out-of-memory/big.yaml"), 7L * 1024 * 1024);
        return skipped;
    }

    /** A chart that renders one ConfigMap. */
    private static void chart(Path dir) throws IOException {
        write(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: small\nversion: 0.1.0\n");
        write(dir.resolve("values.yaml"), "mode: production\n");
        write(dir.resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: {{ .Values.mode | quote }}\n");
    }

    /** Valid Kubernetes YAML of at least {@code size} bytes: ConfigMaps holding a 2 KB configuration file each. */
    private static void fill(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        String config = "    # a configuration file kept in a ConfigMap\n" + "    setting = value of a setting\n".repeat(64);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            long written = 0;
            for (int i = 0; written < size; i++) {
                byte[] doc = ("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-" + i + "\n  labels:\n    app: filler\n"
                        + "data:\n  MODE: \"production\"\n  app.conf: |\n" + config).getBytes(StandardCharsets.UTF_8);
                out.write(doc); // whole documents: the file stays valid YAML
                written += doc.length;
            }
        }
    }

    /** A packed subchart holding one file of {@code zeros} zero bytes (a few KB compressed). */
    private static void gzipBomb(Path tgz, int zeros) throws IOException {
        Files.createDirectories(tgz.getParent());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            byte[] chart = "apiVersion: v2\nname: bomb\nversion: 0.1.0\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry c = new TarArchiveEntry("bomb/Chart.yaml");
            c.setSize(chart.length);
            tar.putArchiveEntry(c);
            tar.write(chart);
            tar.closeArchiveEntry();
            TarArchiveEntry e = new TarArchiveEntry("bomb/files/zeros");
            e.setSize(zeros);
            tar.putArchiveEntry(e);
            byte[] chunk = new byte[64 * 1024];
            for (int done = 0; done < zeros; done += chunk.length) tar.write(chunk, 0, Math.min(chunk.length, zeros - done));
            tar.closeArchiveEntry();
        }
        Files.write(tgz, buf.toByteArray());
    }

    private static void mkfifo(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        String failed = run("mkfifo", p.toString());
        if (failed != null) throw new IOException("mkfifo " + p + ": " + failed);
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static void writeBytes(Path p, byte[] bytes) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    /** Removes a tree without following links (the corpus links to / and /dev). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
