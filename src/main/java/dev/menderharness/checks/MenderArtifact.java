package dev.menderharness.checks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A small, unsigned Mender Artifact (format version 3) made on the fly, so every run uploads a new,
 * unique artifact (deployments refuses a second artifact with the same name and device type) that
 * real deployments can parse: {@code version}, {@code manifest} (SHA-256 of the other members),
 * {@code header.tar.gz} ({@code header-info}, {@code headers/0000/type-info}) and
 * {@code data/0000.tar.gz} with one payload file. Layout from mender-artifact's
 * {@code Documentation/artifact-format-v3.md}.
 */
public final class MenderArtifact {

    private final String name;
    private final byte[] bytes;

    private MenderArtifact(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    public String name() {
        return name;
    }

    public byte[] bytes() {
        return bytes;
    }

    public String sha256() {
        return Sha256.hex(bytes);
    }

    /** A single-file update module artifact named {@code name} for device type {@code deviceType}. */
    public static MenderArtifact create(String name, String deviceType, byte[] payload) {
        try {
            byte[] version = "{\"format\":\"mender\",\"version\":3}".getBytes(StandardCharsets.UTF_8);
            Map<String, byte[]> header = new LinkedHashMap<>();
            header.put("header-info", ("{\"payloads\":[{\"type\":\"single-file\"}],"
                    + "\"artifact_provides\":{\"artifact_name\":\"" + name + "\"},"
                    + "\"artifact_depends\":{\"device_type\":[\"" + deviceType + "\"]}}").getBytes(StandardCharsets.UTF_8));
            header.put("headers/0000/type-info", ("{\"type\":\"single-file\","
                    + "\"artifact_provides\":{\"rootfs-image.single-file.version\":\"" + name + "\"},"
                    + "\"artifact_depends\":{},\"clears_artifact_provides\":[\"rootfs-image.single-file.*\"]}")
                    .getBytes(StandardCharsets.UTF_8));
            header.put("headers/0000/meta-data", "{\"dest_dir\":\"/tmp\",\"filename\":\"harness.bin\"}".getBytes(StandardCharsets.UTF_8));
            byte[] headerTgz = gzip(tar(header));
            Map<String, byte[]> data = new LinkedHashMap<>();
            data.put("harness.bin", payload);
            byte[] dataTgz = gzip(tar(data));
            String manifest = Sha256.hex(version) + "  version\n"
                    + Sha256.hex(headerTgz) + "  header.tar.gz\n"
                    + Sha256.hex(payload) + "  data/0000/harness.bin\n";
            Map<String, byte[]> outer = new LinkedHashMap<>();
            outer.put("version", version);
            outer.put("manifest", manifest.getBytes(StandardCharsets.UTF_8));
            outer.put("header.tar.gz", headerTgz);
            outer.put("data/0000.tar.gz", dataTgz);
            return new MenderArtifact(name, tar(outer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] tar(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(m.getValue().length);
                e.setMode(0644);
                e.setModTime(0);
                tar.putArchiveEntry(e);
                tar.write(m.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
