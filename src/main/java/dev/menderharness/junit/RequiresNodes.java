package dev.menderharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link MenderClusterTest} class or method that needs at least this many nodes (e.g. losing a
 * node needs another to reschedule on). On a smaller cluster it is aborted with a one-line reason.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RequiresNodes {
    int value();
}
