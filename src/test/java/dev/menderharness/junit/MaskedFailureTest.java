package dev.menderharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** What a failing test reports when its failure quotes a secret (surefire XML, Allure, console). */
class MaskedFailureTest {

    @Test
    void aFailureQuotingASecretIsReportedMaskedWithItsStack() {
        IllegalStateException cause = new IllegalStateException("useradm stderr: connecting to mongodb://root:hunter2pw@mongo:27017");
        AssertionError failure = new AssertionError("user not created", cause);
        Throwable reported = MaskedFailure.of(failure);
        assertThat(reported).isNotSameAs(failure).hasNoCause();
        assertThat(reported.getMessage()).contains("java.lang.AssertionError: user not created")
                .contains("mongodb://root:****@mongo").doesNotContain("hunter2pw");
        assertThat(reported.getStackTrace()).isEqualTo(failure.getStackTrace());
    }

    @Test
    void aFailureWithoutSecretsStaysAsItIsAndAnAbortStaysAnAbort() {
        AssertionError plain = new AssertionError("3 of 4 replicas healthy");
        assertThat(MaskedFailure.of(plain)).isSameAs(plain);
        TestAbortedException abort = new TestAbortedException("k3s cannot run here: mongodb://u:pw123456@x");
        assertThat(MaskedFailure.of(abort)).isInstanceOf(TestAbortedException.class).hasMessage("k3s cannot run here: mongodb://u:****@x");
    }
}
