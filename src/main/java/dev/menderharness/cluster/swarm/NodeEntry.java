package dev.menderharness.cluster.swarm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shell entry of every DinD node (node-entry.sh next to this class): data root per node, node seeds. */
final class NodeEntry {

    static final String SCRIPT = load();

    private NodeEntry() {
    }

    private static String load() {
        try (InputStream in = NodeEntry.class.getResourceAsStream("node-entry.sh")) {
            if (in == null) throw new IllegalStateException("node-entry.sh is missing from the harness jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
