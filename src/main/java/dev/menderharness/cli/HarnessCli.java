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
            int exit;
            try {
                Integer fast = ValidateCommand.fastRun(rest);
                exit = fast != null ? fast : new CommandLine(new ValidateCommand()).execute(rest);
            } catch (Throwable e) {
                // ValidateCommand.run turns every failure into exit 2 and one line; this is the last guard.
                System.err.println(ValidateCommand.oneLine("validate: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
                exit = ValidateCommand.UNREADABLE;
            }
            System.exit(exit);
        }
        System.exit(new CommandLine(new HarnessCli()).execute(args));
    }
}
