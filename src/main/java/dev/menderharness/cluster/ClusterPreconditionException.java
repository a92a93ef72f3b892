package dev.menderharness.cluster;

import org.opentest4j.TestAbortedException;

/**
 * A cluster provider cannot run on this host (image missing and not pullable, privileged refused,
 * no kubeconfig...). Extends JUnit's abort so suites needing that cluster are reported as
 * <em>aborted</em> with the one-line reason, neither failed nor silently passed; the CLI prints
 * the message alone.
 */
public class ClusterPreconditionException extends TestAbortedException {

    public ClusterPreconditionException(String oneLineReason) {
        super(oneLineReason.replace('\n', ' '));
    }
}
