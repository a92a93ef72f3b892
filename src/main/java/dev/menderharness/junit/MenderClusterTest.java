package dev.menderharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a live cluster with the reference stack deployed: declare
 * {@code Cluster} and/or {@code RunningStack} parameters (constructor, lifecycle or test methods).
 * One cluster and stack per test run, shared by every annotated class, removed at the end.
 * Selected by system properties {@code cluster} (default swarm), {@code manifests.dir},
 * {@code image.policy}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Tags.CLUSTER)
@ExtendWith(MenderClusterExtension.class)
@DisplayNameGeneration(HumanNames.class)
public @interface MenderClusterTest {
}
