package dev.menderharness.checks.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell loop that opens one TCP connection per target in one exec ({@code nc -z}, 2 s each at
 * most) and times it inside the container. Each argument is {@code NAME|ADDRESS|PORT}; output per
 * target: {@code @@connect NAME ADDRESS PORT RC START_NS END_NS}.
 */
public final class ConnectScript {

    static final String SCRIPT = String.join("\n",
            "for t in \"$@\"; do",
            "  n=${t%%|*}; r=${t#*|}; a=${r%%|*}; p=${r#*|}",
            "  s=$(date +%s%N)",
            "  nc -z -w 2 \"$a\" \"$p\" >/dev/null 2>&1; rc=$?",
            "  e=$(date +%s%N)",
            "  echo \"@@connect $n $a $p $rc $s $e\"",
            "done",
            "exit 0");

    /** One connection attempt: exit 0 connected, 1 refused or timed out, 127 no nc in the probe. */
    public record Connect(String vantage, String name, String address, int port, int exitCode, Duration took) {
        public boolean connected() {
            return exitCode == 0;
        }
    }

    /** A target: the name the consumer uses, one address it resolved to, the port it uses. */
    public record Target(String name, String address, int port) {
        String arg() {
            return name + "|" + address + "|" + port;
        }
    }

    private ConnectScript() {
    }

    /** argv: {@code sh -c SCRIPT sh NAME|ADDRESS|PORT...}. */
    public static String[] command(List<Target> targets) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh"));
        targets.forEach(t -> argv.add(t.arg()));
        return argv.toArray(String[]::new);
    }

    public static List<Connect> parse(String vantage, String stdout) {
        List<Connect> out = new ArrayList<>();
        for (String line : stdout == null ? new String[0] : stdout.split("\\R")) {
            if (!line.startsWith("@@connect ")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            Duration took = Duration.ZERO;
            if (f.length >= 7) {
                try {
                    long s = Long.parseLong(f[5]);
                    long e = Long.parseLong(f[6]);
                    took = e >= s ? Duration.ofNanos(e - s) : Duration.ZERO;
                } catch (NumberFormatException ignored) {
                    // a date without %N: no timing, the verdict stands
                }
            }
            try {
                out.add(new Connect(vantage, f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), took));
            } catch (NumberFormatException ignored) {
                // a cut line
            }
        }
        return out;
    }
}
