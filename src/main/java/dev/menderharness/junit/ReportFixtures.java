package dev.menderharness.junit;

import io.qameta.allure.Allure;
import io.qameta.allure.util.ResultsUtils;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Work that sets a test up or tears it down, recorded in the report as a set-up or tear-down
 * fixture of the test (or class) it is done for, with the steps and attachments it made: the
 * bring-up, a broken variant's application and the restore after it. A failed bring-up thus shows
 * where it stopped. It speaks allure-junit5's own protocol (a JUnit report entry per fixture
 * start, stop or failure), the one its @BeforeAll/@BeforeEach fixtures use.
 *
 * <p>The context is the one {@link MenderClusterExtension} is running: the class before its tests,
 * then each test. Called where no test runs (a plain JVM), the work runs unrecorded.
 */
public final class ReportFixtures {

    /** The JUnit context of the class or test this thread is running (set by the extension). */
    private static final ThreadLocal<ExtensionContext> CURRENT = new ThreadLocal<>();

    private ReportFixtures() {
    }

    static void enter(ExtensionContext context) {
        CURRENT.set(context);
    }

    static void leave(ExtensionContext context) {
        if (CURRENT.get() == context) CURRENT.remove();
    }

    /** Runs {@code body} as a set-up fixture of the current class or test. */
    public static <T> T setUp(String name, Callable<T> body) throws Exception {
        return fixture("prepare", name, body);
    }

    /** Runs {@code body} as a tear-down fixture of the current class or test. */
    public static <T> T tearDown(String name, Callable<T> body) throws Exception {
        return fixture("tear_down", name, body);
    }

    /** As {@link #setUp(String, Callable)} for work that returns nothing. */
    public static void setUp(String name, Work body) throws Exception {
        setUp(name, () -> {
            body.run();
            return null;
        });
    }

    /** As {@link #tearDown(String, Callable)} for work that returns nothing. */
    public static void tearDown(String name, Work body) throws Exception {
        tearDown(name, () -> {
            body.run();
            return null;
        });
    }

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private static <T> T fixture(String type, String name, Callable<T> body) throws Exception {
        ExtensionContext context = CURRENT.get();
        if (context == null) return body.call();
        // stopping a fixture clears Allure's thread context: the test's own steps must find their test again
        Optional<String> test = Allure.getLifecycle().getCurrentTestCase();
        String uuid = UUID.randomUUID().toString();
        context.publishReportEntry(event(type, "start", uuid, Map.of("name", name)));
        try {
            T result = body.call();
            context.publishReportEntry(event(type, "stop", uuid, Map.of()));
            return result;
        } catch (Exception | Error e) {
            Map<String, String> failure = new HashMap<>();
            ResultsUtils.getStatus(e).ifPresent(s -> failure.put("status", s.value()));
            ResultsUtils.getStatusDetails(e).ifPresent(d -> {
                if (d.getMessage() != null) failure.put("message", d.getMessage());
                if (d.getTrace() != null) failure.put("trace", d.getTrace());
            });
            context.publishReportEntry(event(type, "failure", uuid, failure));
            context.publishReportEntry(event(type, "stop", uuid, Map.of()));
            throw e;
        } finally {
            test.ifPresent(Allure.getLifecycle()::setCurrentTestCase);
        }
    }

    /** An allure-junit5 fixture event; blank values carry its prefix, as it sends them. */
    private static Map<String, String> event(String type, String event, String uuid, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("allure.fixture", type);
        m.put("event", event);
        m.put("uuid", uuid);
        extra.forEach((k, v) -> m.put(k, v == null || v.isBlank() ? "ALLURE_REPORT_ENTRY_BLANK_PREFIX__" + v : v));
        return m;
    }
}
