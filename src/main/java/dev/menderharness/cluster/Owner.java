package dev.menderharness.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that owns a run: {@code host:pidns:pid:startMillis}. The PID namespace matters: two
 * containers on one host can share a hostname and a pid, and a process can only be judged alive or
 * gone from inside its own namespace (the pid means nothing elsewhere). The start time catches pid
 * reuse. Owners written before the namespace was recorded ({@code host:pid:startMillis}) are read
 * with an unknown namespace and judged by host, as they were.
 */
public record Owner(String host, String pidNamespace, long pid, long startMillis) {

    /** This JVM. */
    public static Owner current() {
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new Owner(thisHostName(), thisPidNamespace(), me.pid(), start);
    }

    /** The label's owner, or empty when it is not one this class wrote. */
    public static Optional<Owner> parse(String label) {
        if (label == null) return Optional.empty();
        String[] p = label.split(":");
        try {
            if (p.length == 4) return Optional.of(new Owner(p[0], p[1], Long.parseLong(p[2]), Long.parseLong(p[3])));
            if (p.length == 3) return Optional.of(new Owner(p[0], "", Long.parseLong(p[1]), Long.parseLong(p[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether this process can tell if {@code other} is alive: same host and PID namespace. */
    public boolean canJudge(Owner other) {
        return host.equals(other.host) && (other.pidNamespace.isEmpty() || pidNamespace.equals(other.pidNamespace));
    }

    /** Whether this owner's process runs now (same pid, same start time); true when it cannot be told. */
    public boolean isAlive() {
        try {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) return false;
            long actual = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(startMillis);
            return Math.abs(actual - startMillis) < 2000;
        } catch (RuntimeException e) {
            return true; // cannot tell: do not reap
        }
    }

    @Override
    public String toString() {
        return host + ":" + pidNamespace + ":" + pid + ":" + startMillis;
    }

    static String thisHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
    }

    /** The inode of this process's PID namespace ({@code /proc/self/ns/pid -> pid:[4026531836]}), or "0". */
    static String thisPidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("\\D", "");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "0";
        }
    }
}
