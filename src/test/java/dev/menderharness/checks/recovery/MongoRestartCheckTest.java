package dev.menderharness.checks.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MongoRestartCheckTest {

    private static final List<String> SVCS = List.of("a", "b");

    @Test
    void readsWhichServicesWereSeenUnhealthy() {
        String out = "1700000000 204 204\n1700000001 503 204\n1700000001 000 204\n1700000002 204 204\n";
        Map<String, String> seen = MongoRestartCheck.healthSeen(out, SVCS);
        assertThat(seen.get("a")).startsWith("unhealthy").contains("000").contains("503");
        assertThat(seen.get("b")).isEqualTo("healthy only [204]");
    }

    @Test
    void noReadingsIsNotHealthy() {
        Map<String, String> seen = MongoRestartCheck.healthSeen("sh: curl: not found\n", SVCS);
        assertThat(seen.get("a")).startsWith("no data");
        assertThat(MongoRestartCheck.healthSeen(null, SVCS).get("b")).startsWith("no data");
    }
}
