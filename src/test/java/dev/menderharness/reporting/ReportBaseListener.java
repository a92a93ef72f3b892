package dev.menderharness.reporting;

import dev.menderharness.report.RunEnvironment;
import dev.menderharness.support.Settings;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The project's own test JVMs (unit tests and cluster suites) write the report's categories,
 * executor and base environment when they start, so a run without a cluster has them too.
 * Registered in src/test/resources/META-INF/services.
 */
public final class ReportBaseListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Settings settings = Settings.fromEnvironment();
        try {
            new RunEnvironment(settings.allureResultsDir()).writeBase(settings);
        } catch (RuntimeException e) {
            System.err.println("[harness] report environment not written: " + e.getMessage());
        }
    }
}
