package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import java.util.Map;

/**
 * The volume a run's nodes keep their data roots in (node-entry.sh). In memory by default: each
 * bring-up writes the seed's 281 MB of image layers into it, and on a disk that took 1.6 to 10 s
 * under three starting nodes (5 s alone), against about 2 s in memory; the layers are hard-linked
 * between nodes, so memory holds them once. {@code -Dswarm.node-volume=disk} puts it on disk.
 * A tmpfs volume lives while any node mounts it: all nodes share it, so a node killed and
 * restarted (recovery checks) finds its data root; when the last node goes, so does the content.
 */
enum RunVolume {
    TMPFS, DISK;

    static final String PROPERTY = "swarm.node-volume";

    static RunVolume parse(String value) {
        return switch (value) {
            case "tmpfs" -> TMPFS;
            case "disk" -> DISK;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": expected tmpfs or disk");
        };
    }

    void create(DockerClient host, String name, Map<String, String> labels) {
        var cmd = host.createVolumeCmd().withName(name).withLabels(labels);
        if (this == TMPFS) cmd.withDriver("local").withDriverOpts(Map.of("type", "tmpfs", "device", "tmpfs"));
        cmd.exec();
    }
}
