package dev.menderharness.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a test class inside a test, without the auto-registered listeners and extensions (Allure's
 * among them): the nested class's outcomes are the calling test's data, not results of the build's
 * own report. Only {@code listener} sees them.
 */
public final class IsolatedLauncher {

    private IsolatedLauncher() {
    }

    public static void run(Class<?> testClass, TestExecutionListener listener) {
        LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .build()).execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .build(), listener);
    }
}
