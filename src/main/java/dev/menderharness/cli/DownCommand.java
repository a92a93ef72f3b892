package dev.menderharness.cli;

import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.Owner;
import dev.menderharness.cluster.Reaper;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code down RUN_ID | --all}: removes what {@code up} kept (every labelled container, network, volume). */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Removes a kept run (containers, networks, volumes labelled with its run id).")
public final class DownCommand implements Callable<Integer> {

    static final class Target {
        @Parameters(arity = "1", paramLabel = "RUN_ID", description = "Run id printed by up.")
        String runId;

        @Option(names = "--all", required = true, description = "Every run kept by up, and leftovers of dead runs.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--force", description = "Remove a run even while the process that owns it is still running.")
    boolean force;

    @Override
    public Integer call() {
        Settings settings = Settings.fromEnvironment();
        try {
            // plain docker-java: never start Testcontainers' Ryuk for a clean-up
            Reaper reaper = new Reaper(HostDocker.direct(settings), Reporter.console(), settings.stateDir());
            Set<String> runs = new TreeSet<>();
            if (target.all) {
                runs.addAll(Reaper.keptRuns(reaper.list(null)));
                for (String dead : reaper.reap(null)) System.out.println("removed leftovers of dead run " + dead);
            } else {
                List<Reaper.Labelled> resources = reaper.list(target.runId);
                var owner = Reaper.liveOwner(resources, Owner.current(), Owner::isAlive);
                if (owner.isPresent() && !force) {
                    System.err.println("error: run " + target.runId + " is still owned by a running process (pid "
                            + owner.get().pid() + " on " + owner.get().host() + "): a test run or an up in progress;"
                            + " down --force " + target.runId + " removes it anyway");
                    return 1;
                }
                if (resources.isEmpty()) {
                    RunState.delete(target.runId);
                    System.err.println("error: no run " + target.runId + " on this Docker host (nothing labelled "
                            + RunLabels.RUN + "=" + target.runId + "); kept runs: " + Reaper.keptRuns(reaper.list(null)));
                    return 1;
                }
                runs.add(target.runId);
            }
            for (String run : runs) {
                List<Reaper.Labelled> removed = reaper.removeRun(run);
                RunState.delete(run);
                System.out.println("removed run " + run + ": " + Reaper.summary(removed));
            }
            if (runs.isEmpty()) System.out.println("no kept runs");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("error: " + Exceptions.firstLine(e));
            return 1;
        }
    }
}
