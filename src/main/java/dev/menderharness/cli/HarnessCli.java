package dev.menderharness.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of {@code java -jar target/mender-cluster-harness.jar}. Subcommands register here. */
@Command(name = "mender-cluster-harness", mixinStandardHelpOptions = true,
        description = "Validates Mender manifests and runs them on throwaway clusters.",
        subcommands = {ImagesCommand.class, ValidateCommand.class, UpCommand.class, DownCommand.class})
public final class HarnessCli {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")) {
            // Fast path: no picocli model, no cluster/Testcontainers class (the validate benchmark's 2 s budget).
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            Integer exit = ValidateCommand.fastRun(rest);
            System.exit(exit != null ? exit : new CommandLine(new ValidateCommand()).execute(rest));
        }
        System.exit(new CommandLine(new HarnessCli()).execute(args));
    }
}
