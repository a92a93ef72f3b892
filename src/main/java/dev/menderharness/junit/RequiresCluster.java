package dev.menderharness.junit;

import dev.menderharness.cluster.ClusterKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link MenderClusterTest} class or method that applies only to clusters of this kind (e.g. a
 * Swarm restart policy, the DinD provider's own suites). On another kind it is aborted with a
 * one-line reason, decided from {@code -Dcluster} before any cluster starts.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RequiresCluster {
    ClusterKind value();

    /** Why it applies only there, for the abort message. */
    String because() default "";
}
