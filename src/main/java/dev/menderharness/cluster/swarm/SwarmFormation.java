package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.model.SwarmSpec;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Futures;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Forms a swarm while its nodes are still starting: the manager initialises it the moment its
 * engine answers, and each worker joins the moment its own does, instead of all of them waiting
 * for the slowest node first. One formation per attempt to start a set of nodes.
 */
final class SwarmFormation {

    /** What a worker needs from the manager to join. */
    private record Invitation(String managerAddress, String workerToken) {
    }

    private final CompletableFuture<Invitation> invitation = new CompletableFuture<>();

    /** Initialises the swarm on {@code manager}; workers waiting in {@link #join} go on. */
    void initialise(DindNode manager) {
        try {
            String address = manager.privateAddress();
            manager.client().initializeSwarmCmd(new SwarmSpec()).withListenAddr("0.0.0.0:2377").withAdvertiseAddr(address).exec();
            String token = manager.client().inspectSwarmCmd().exec().getJoinTokens().getWorker();
            invitation.complete(new Invitation(address, token));
        } catch (RuntimeException e) {
            managerFailed(e);
            throw e;
        }
    }

    /** The manager did not start or could not initialise: workers stop waiting, with its reason. */
    void managerFailed(RuntimeException cause) {
        invitation.completeExceptionally(new IllegalStateException("the manager did not form the swarm: "
                + Exceptions.rootLine(cause), cause));
    }

    /** Joins {@code worker} once the manager has initialised the swarm. */
    void join(DindNode worker) {
        Invitation inv = Futures.join(invitation);
        worker.client().joinSwarmCmd().withRemoteAddrs(List.of(inv.managerAddress() + ":2377")).withJoinToken(inv.workerToken())
                .withListenAddr("0.0.0.0:2377").withAdvertiseAddr(worker.privateAddress()).exec();
    }
}
