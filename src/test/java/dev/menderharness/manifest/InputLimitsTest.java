package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits of {@link InputLimits} at their edges: what is just allowed passes, one more is refused in one line. */
class InputLimitsTest {

    private static ManifestException refused(Runnable r) {
        try {
            r.run();
        } catch (ManifestException e) {
            assertThat(e.oneLine()).doesNotContain("\n");
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void yamlNestedFiftyDeepPassesFiftyOneIsRefusedAtItsLine() {
        Path f = Path.of("deep.yaml");
        assertThat(YamlFiles.loadAll("a: " + "[".repeat(49) + "]".repeat(49) + "\n", f, null)).hasSize(1);
        ManifestException e = refused(() -> YamlFiles.loadAll("a:\n" + "  - [".repeat(1) + "[".repeat(50) + "]".repeat(51) + "\n", f, null));
        assertThat(e.oneLine()).isEqualTo("deep.yaml:2: malformed YAML: collections nested more than 50 levels deep");
    }

    @Test
    void aliasesThatHangADeepTreeBelowADeepNodeAreRefused() {
        // 40 levels written twice, the second hanging the first below its 40th level: 80 deep expanded passes, 120 does not.
        String deep40 = "[".repeat(39) + "x" + "]".repeat(39);
        assertThat(YamlFiles.loadAll("a: &a " + deep40 + "\nb: " + "[".repeat(38) + "*a" + "]".repeat(38) + "\n", Path.of("ok.yaml"), null)).hasSize(1);
        String deep60 = "[".repeat(49) + "x" + "]".repeat(49);
        ManifestException e = refused(() -> YamlFiles.loadAll("a: &a " + deep60 + "\nb: " + "[".repeat(48) + "[*a, *a]" + "]".repeat(48) + "\n",
                Path.of("deep.yaml"), null));
        assertThat(e.getMessage()).isEqualTo("malformed YAML: nested more than 100 levels deep with its aliases expanded");
    }

    @Test
    void aliasesMayAddAHundredThousandNodes() {
        // Doublings of [x, x]: a_i expands to 2^(i+2) - 1 nodes; up to a13 the document adds about 65,000, a15 alone 131,071.
        StringBuilder y = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i <= 13; i++) y.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        assertThat(YamlFiles.loadAll(y.toString(), Path.of("ok.yaml"), null)).hasSize(1);
        y.append("a14: &a14 [*a13, *a13]\na15: &a15 [*a14, *a14]\n");
        assertThat(refused(() -> YamlFiles.loadAll(y.toString(), Path.of("bomb.yaml"), null)).oneLine())
                .startsWith("bomb.yaml:16: malformed YAML: aliases expand this document to 131071 nodes");
    }

    @Test
    void aRecursiveAliasInAMergeKeyIsRefusedNotWalked() {
        assertThat(refused(() -> YamlFiles.loadAll("base: &b\n  x: 1\n  <<: *b\n", Path.of("m.yaml"), null)).oneLine())
                .isEqualTo("m.yaml:1: malformed YAML: recursive alias: &b contains an alias to itself");
    }

    @Test
    void nginxBlocksNestedFiftyDeepPass() {
        assertThat(NginxParser.parse(Path.of("ok.conf"), "http {\n".repeat(50) + "}\n".repeat(50))).hasSize(1);
        assertThat(refused(() -> NginxParser.parse(Path.of("x.conf"), "http {\n".repeat(51) + "}\n".repeat(51))).oneLine())
                .isEqualTo("x.conf:51: blocks nested more than 50 levels deep");
    }

    @Test
    void textMustBeUtf8WithoutNul() {
        Path f = Path.of("x.yaml");
        assertThat(ManifestFiles.decode(f, "caf\u00e9: \u2713\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("caf\u00e9: \u2713\n");
        assertThat(refused(() -> ManifestFiles.decode(f, "a: 1\nb: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1))).oneLine())
                .isEqualTo("x.yaml:2: not UTF-8 text (byte 0xE9 at offset 11)");
        assertThat(refused(() -> ManifestFiles.decode(f, new byte[] {'a', '\n', '\n', 0})).oneLine())
                .isEqualTo("x.yaml:3: binary data (a NUL byte), not a text file");
        assertThat(refused(() -> ManifestFiles.decode(f, new byte[] {'a', (byte) 0xE2, (byte) 0x9C})).oneLine())
                .startsWith("x.yaml:1: not UTF-8 text");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsRead(@TempDir Path tmp) throws Exception {
        Path big = tmp.resolve("big.yaml");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), InputLimits.MAX_FILE_BYTES); // sparse: one byte past the limit
        }
        assertThat(refused(() -> YamlFiles.loadAll(big)).oneLine()).isEqualTo(big + ": 8.0 MB, over the validator's limit of 8.0 MB per file");
        assertThat(refused(() -> YamlFiles.loadAll(tmp)).oneLine()).isEqualTo(tmp + ": a directory, not a regular file; not read");
    }

    @Test
    void theRunBudgetCountsEachFileOnce(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("a.yaml");
        Files.writeString(f, "a: 1\n");
        long reads = ManifestFiles.budgeted(() -> {
            for (int i = 0; i < 1000; i++) ManifestFiles.readText(f);
            return 1000L;
        });
        assertThat(reads).isEqualTo(1000);
    }

    @Test
    void composeInterpolationNestedFiftyDeepPasses() {
        Path f = Path.of("docker-compose.yml");
        String ok = "${A:-".repeat(50) + "x" + "}".repeat(50);
        assertThat(ComposeInterpolation.value(ok, f, 3, k -> null, k -> { })).isEqualTo("x");
        String deep = "${A:-".repeat(51) + "x" + "}".repeat(51);
        assertThat(refused(() -> ComposeInterpolation.value(deep, f, 3, k -> null, k -> { })).oneLine())
                .isEqualTo("docker-compose.yml:3: interpolation nested more than 50 levels deep");
    }

    @Test
    void userRegexesAreBoundedInLengthNestingAndWork() {
        assertThat(BoundedRegex.find(BoundedRegex.compile("^/api/(devices|management)/v[0-9]+/", 0), "/api/devices/v1/x")).isTrue();
        assertThatThrownBy(() -> BoundedRegex.compile("(".repeat(51) + ")".repeat(51), 0)).isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("groups nested more than 50 deep");
        assertThatThrownBy(() -> BoundedRegex.compile("a".repeat(5000), 0)).isInstanceOf(PatternSyntaxException.class);
        assertThat(BoundedRegex.compile("[(]".repeat(60), 0)).isNotNull(); // parentheses in a class are no groups
        assertThatThrownBy(() -> BoundedRegex.find(BoundedRegex.compile("^((/|[a-z0-9_-]+)*)*(?<=x)$", 0), "/api/management/v1/deployments/artifacts"))
                .isInstanceOf(BoundedRegex.TooExpensive.class);
    }

    @Test
    void aTraefikRuleOfManyTermsIsTestedWithoutRecursion() {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) terms.add("Path(`/p" + i + "`)");
        TraefikRule or = TraefikRule.parse(String.join(" || ", terms));
        assertThat(or.matches("GET", "/p99999")).isTrue();
        assertThat(or.matches("GET", "/q")).isFalse();
        TraefikRule and = TraefikRule.parse(String.join(" && ", terms.subList(0, 2)) + " && " + "!".repeat(100_001) + "Path(`/q`)");
        assertThat(and.matches("GET", "/p0")).isFalse();
        assertThatThrownBy(() -> TraefikRule.parse("(".repeat(51) + "Path(`/`)" + ")".repeat(51))).hasMessage("parentheses nested more than 50 deep");
    }

    @Test
    void aNonNginxConfIsANoteAndANginxOneThatBreaksIsFatal(@TempDir Path tmp) throws Exception {
        Path ini = Files.writeString(tmp.resolve("supervisord.conf"), "[supervisord]\nnodaemon=true\n");
        Path nginx = Files.writeString(tmp.resolve("default.conf"), "server {\n  listen 80;\n");
        List<String> notes = new ArrayList<>();
        assertThat(GatewayConfig.load(List.of(ini), tmp, notes)).isNull();
        assertThat(notes).containsExactly("supervisord.conf: not an nginx configuration (directive '[supervisord]' is missing ';' at line 1); not validated");
        assertThat(refused(() -> GatewayConfig.load(List.of(ini, nginx), tmp, new ArrayList<>())).oneLine())
                .isEqualTo(nginx + ":3: unexpected end of file: missing '}'");
    }

    @Test
    void loadsOfDirectoriesShareNoBudget(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        for (int i = 0; i < 3; i++) assertThat(Manifests.load(tmp, new LoadOptions(List.of(), List.of(), Map.of())).kubernetesRaw().objects()).hasSize(1);
    }
}
