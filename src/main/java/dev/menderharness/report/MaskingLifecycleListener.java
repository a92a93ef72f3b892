package dev.menderharness.report;

import dev.menderharness.support.SecretMasker;
import io.qameta.allure.listener.ContainerLifecycleListener;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.FixtureResult;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import java.util.List;

/**
 * The last stop before Allure writes a result file: every text in it masked (the failure message
 * and trace, step names, parameters), whoever wrote it: an exception's message (a CLI's stderr
 * quoted in a failure), a library's step. Registered for Allure by ServiceLoader
 * (META-INF/services/io.qameta.allure.listener.LifecycleListener).
 */
public final class MaskingLifecycleListener implements TestLifecycleListener, ContainerLifecycleListener {

    @Override
    public void beforeTestWrite(TestResult result) {
        result.setName(SecretMasker.mask(result.getName()));
        mask(result.getStatusDetails());
        maskParameters(result.getParameters());
        maskSteps(result.getSteps());
    }

    @Override
    public void beforeContainerWrite(TestResultContainer container) {
        for (List<FixtureResult> fixtures : List.of(container.getBefores(), container.getAfters())) {
            if (fixtures == null) continue;
            for (FixtureResult f : fixtures) {
                f.setName(SecretMasker.mask(f.getName()));
                mask(f.getStatusDetails());
                maskParameters(f.getParameters());
                maskSteps(f.getSteps());
            }
        }
    }

    private static void maskSteps(List<StepResult> steps) {
        if (steps == null) return;
        for (StepResult s : steps) {
            s.setName(SecretMasker.mask(s.getName()));
            mask(s.getStatusDetails());
            maskParameters(s.getParameters());
            maskSteps(s.getSteps());
        }
    }

    private static void maskParameters(List<Parameter> parameters) {
        if (parameters == null) return;
        parameters.forEach(p -> p.setValue(SecretMasker.mask(p.getValue())));
    }

    private static void mask(StatusDetails d) {
        if (d == null) return;
        d.setMessage(SecretMasker.mask(d.getMessage()));
        d.setTrace(SecretMasker.mask(d.getTrace()));
    }
}
