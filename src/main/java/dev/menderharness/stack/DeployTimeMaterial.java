package dev.menderharness.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The external secrets a stack file needs, by name. TEMPORARY until branch {@code manifests}
 * (stack.DeploySecrets) lands: reads them from {@code -Dtmp.secrets.dir}.
 */
final class DeployTimeMaterial {

    private DeployTimeMaterial() {
    }

    static Map<String, byte[]> forStack(StackFile stack) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!(stack.root().get("secrets") instanceof Map<?, ?> secrets)) return out;
        String dir = System.getProperty("tmp.secrets.dir");
        for (var e : secrets.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("external"))) {
                String name = m.get("name") == null ? e.getKey().toString() : m.get("name").toString();
                if (dir == null) throw new IllegalStateException("external secret " + name + ": no deploy-time material");
                try {
                    out.put(name, Files.readAllBytes(Path.of(dir, name)));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return out;
    }
}
