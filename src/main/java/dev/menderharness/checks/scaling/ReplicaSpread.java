package dev.menderharness.checks.scaling;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which replicas answered: from the {@code X-Standin-Instance} header where the image sends it
 * (fixture stand-ins), otherwise from the service log, whose lines the provider prefixes per
 * replica ({@code docker service logs}: {@code svc.2.taskid@node | ...}; Kubernetes providers:
 * {@code [pod-name] ...}). Upstream Mender images log each request with its path, so counting
 * distinct prefixes on lines that mention the route counts the replicas that served it.
 */
public final class ReplicaSpread {

    private static final Pattern SWARM_PREFIX = Pattern.compile("^(\\S+\\.\\d+\\.[0-9a-z]+)@\\S+\\s*\\|");
    private static final Pattern POD_PREFIX = Pattern.compile("^\\[([^\\]\\s]+)\\]");

    private ReplicaSpread() {
    }

    /** Distinct replica prefixes of log lines containing {@code path}; empty when lines carry no prefix. */
    public static Set<String> fromLogs(String logs, String path) {
        Set<String> out = new TreeSet<>();
        if (logs == null) {
            return out;
        }
        for (String line : logs.split("\n")) {
            if (!line.contains(path)) {
                continue;
            }
            Matcher m = SWARM_PREFIX.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
                continue;
            }
            m = POD_PREFIX.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
