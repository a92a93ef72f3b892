package dev.menderharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README quotes the k3s workflow's test command; a reader copies it from there. The quote had
 * drifted (it named an area list while the workflow selects by exclusion), so it is compared here.
 */
class K3sWorkflowQuoteTest {

    @Test
    void readmeQuotesTheK3sWorkflowCommandVerbatim() throws IOException {
        List<String> runs = Files.readAllLines(Path.of(".github/workflows/k3s.yml")).stream()
                .map(String::strip)
                .filter(l -> l.startsWith("run: mvn") && l.contains("-Dcluster=k3s"))
                .map(l -> l.substring("run: ".length()))
                .toList();
        assertThat(runs).as("the k3s workflow's mvn verify step").hasSize(1);
        assertThat(Files.readString(Path.of("README.md"))).contains("`" + runs.get(0));
    }

    @Test
    void theK3sWorkflowLeavesOutSwarmOnlySuites() throws IOException {
        assertThat(Files.readString(Path.of(".github/workflows/k3s.yml"))).contains("!" + Tags.SWARM);
    }
}
