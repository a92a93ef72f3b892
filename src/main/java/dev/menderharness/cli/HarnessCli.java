package dev.menderharness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar target/mender-cluster-harness.jar}. Subcommands register here. */
@Command(name = "mender-cluster-harness", mixinStandardHelpOptions = true,
        description = "Validates Mender manifests and runs them on throwaway clusters.",
        subcommands = {ImagesCommand.class})
public final class HarnessCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new HarnessCli()).execute(args));
    }
}
