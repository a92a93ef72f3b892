package dev.menderharness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar target/mender-cluster-harness.jar}. Subcommands register here. */
@Command(name = "mender-cluster-harness", mixinStandardHelpOptions = true,
        subcommands = {UpCommand.class, DownCommand.class},
        description = "Validates Mender manifests and runs them on throwaway clusters.")
public final class HarnessCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new HarnessCli()).execute(args));
    }
}
