package dev.menderharness.faults;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs one test class in a JVM of its own (FaultInjectionIT interrupts it): NestedSuite CLASS. */
public final class NestedSuite {

    private NestedSuite() {
    }

    public static void main(String[] args) throws Exception {
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0]))).build());
    }
}
