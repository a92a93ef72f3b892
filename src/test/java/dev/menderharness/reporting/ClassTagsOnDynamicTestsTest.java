package dev.menderharness.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.junit.IsolatedLauncher;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

class ClassTagsOnDynamicTestsTest {

    @Tag("faults")
    @ExtendWith(ClassTagsOnDynamicTests.class)
    public static class TaggedFactory {
        @TestFactory
        Stream<DynamicTest> cases() {
            return Stream.of(DynamicTest.dynamicTest("one", () -> { }), DynamicTest.dynamicTest("two", () -> { }));
        }
    }

    /** Keeps what the nested run's Allure listener writes, instead of the build's results directory. */
    private static final class Kept implements AllureResultsWriter {
        final List<TestResult> results = new CopyOnWriteArrayList<>();

        @Override
        public void write(TestResult testResult) {
            results.add(testResult);
        }

        @Override
        public void write(TestResultContainer testResultContainer) {
        }

        @Override
        public void write(String source, InputStream attachment) {
        }
    }

    @Test
    void eachCaseOfATaggedFactoryCarriesTheClassTagInTheReport() {
        Kept kept = new Kept();
        AllureLifecycle nested = new AllureLifecycle(kept);
        AllureLifecycle build = Allure.getLifecycle();
        Allure.setLifecycle(nested);
        try {
            IsolatedLauncher.run(TaggedFactory.class, new AllureJunitPlatform(nested));
        } finally {
            Allure.setLifecycle(build);
        }
        assertThat(kept.results).extracting(TestResult::getName).containsExactlyInAnyOrder("one", "two");
        assertThat(kept.results).allSatisfy(r -> assertThat(r.getLabels())
                .filteredOn(l -> "tag".equals(l.getName())).extracting(Label::getValue).containsExactly("faults"));
    }
}
