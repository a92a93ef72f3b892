package dev.menderharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final ByteArrayOutputStream out = cli.out;
    private final ByteArrayOutputStream err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private void manifests() throws Exception {
        Files.createDirectories(dir.resolve("kubernetes"));
        Files.createDirectories(dir.resolve("swarm"));
        Files.writeString(dir.resolve("kubernetes/mongo.yaml"), "spec:\n  containers:\n    - image: mongo:8.0.28\n");
        Files.writeString(dir.resolve("swarm/stack.yml"), "services:\n  gw:\n    image: nginx:1.28.0\n");
    }

    @Test
    void listPrintsEveryReferenceWithItsMirrorImage() throws Exception {
        manifests();
        int code = run("images", "list", "--policy", "mirror", "--mirror", "m.local:5000", "--manifests", dir.toString());
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "kubernetes/mongo.yaml:3: mongo:8.0.28 -> m.local:5000/library/mongo:8.0.28",
                "swarm/stack.yml:3: nginx:1.28.0 -> m.local:5000/library/nginx:1.28.0");
    }

    @Test
    void listUpstreamKeepsImages() throws Exception {
        manifests();
        assertThat(run("images", "list", "--policy", "upstream", "--manifests", dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("swarm/stack.yml:3: nginx:1.28.0 -> nginx:1.28.0");
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        assertThat(run("images", "list", "--policy", "upstream", "--manifests", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString().contains("does not exist");
        err.reset();
        manifests();
        assertThat(run("images", "list", "--policy", "newest", "--manifests", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString().contains("unknown image policy");
        err.reset();
        assertThat(run("images", "build", "--policy", "newest")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown image policy 'newest'");
    }

    @Test
    void seedRefusesBadInputInOneLineBeforeTouchingDocker() throws Exception {
        assertThat(run("images", "seed", "--policy", "fixture", "--manifests", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString()
                .contains("has no swarm/stack.yml");
        err.reset();
        manifests();
        assertThat(run("images", "seed", "--policy", "newest", "--manifests", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString().contains("unknown image policy");
    }

    @Test
    void buildWithUpstreamPolicyBuildsNothing() {
        assertThat(run("images", "build", "--policy", "upstream")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing to build");
    }
}
