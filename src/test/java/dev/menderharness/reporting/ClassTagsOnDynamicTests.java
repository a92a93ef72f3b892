package dev.menderharness.reporting;

import io.qameta.allure.Allure;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;

/**
 * JUnit gives the cases of a {@code @TestFactory} no tags, so the report listed them without their
 * class's area (the malformed-input corpus and the fixture-image contracts, 63 cases, were counted
 * as unit tests in the CI summary). Each case gets the tags of the factory that made it.
 * Registered by autodetection (META-INF/services).
 */
public final class ClassTagsOnDynamicTests implements InvocationInterceptor {

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        if (extensionContext.getTags().isEmpty()) {
            extensionContext.getParent().ifPresent(factory -> factory.getTags().forEach(tag -> Allure.label("tag", tag)));
        }
        invocation.proceed();
    }
}
