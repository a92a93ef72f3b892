package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

class FailuresTest {

    record Measured(int n) implements CheckResult {
    }

    @Test
    void failuresThrowOneFailureWithEveryReasonTheFirstFirst() {
        Failures failures = new Failures("gateway routing");
        failures.check(true, "ROUTE_WRONG_STATUS", "fine");
        failures.throwIfAny();
        failures.add("ROUTE_WRONG_STATUS", "deployments: 404, expected 200");
        failures.add("DEVICE_NOT_PENDING", "device: 200, expected 401");
        failures.add("ROUTE_WRONG_STATUS", "inventory: 404, expected 200");
        Throwable t = catchThrowable(() -> failures.throwIfAny(new Measured(1)));
        assertThat(t).isInstanceOfSatisfying(CheckFailure.class, f -> {
            assertThat(f.reason()).isEqualTo("ROUTE_WRONG_STATUS");
            assertThat(f.reasons()).containsExactly("ROUTE_WRONG_STATUS", "DEVICE_NOT_PENDING");
            assertThat(f.measured()).contains(new Measured(1));
        }).hasMessage("gateway routing failed (3):\n  - deployments: 404, expected 200\n  - device: 200, expected 401"
                + "\n  - inventory: 404, expected 200");
    }
}
