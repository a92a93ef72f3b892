package dev.menderharness.checks.storage;

import dev.menderharness.checks.Sha256;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;

/**
 * Reads an object straight from the S3 endpoint deployments is configured with
 * ({@code DEPLOYMENTS_AWS_URI}, e.g. {@code http://minio:9000}), from a probe on deployments'
 * network, signed with SigV4 by curl ({@code --aws-sigv4}). Neither deployments nor the gateway is
 * on this path, so it proves what is really in the bucket. (MinIO is not published to the host, and
 * routing an SDK through the gateway's storage proxy would make this depend on the gateway.)
 */
public final class DirectS3 {

    /** HTTP status of the GET and SHA-256 of what came back (null when nothing did). */
    public record ObjectRead(int status, String sha256, String detail) {
    }

    private DirectS3() {
    }

    public static ObjectRead get(RunningStack stack, S3Settings s3, String key) {
        String file = "/tmp/harness-s3-" + Math.abs(key.hashCode());
        String script = "curl -s -o " + file + " -w '%{http_code}\\n' --connect-timeout 3 --max-time 30"
                + " --aws-sigv4 " + q("aws:amz:" + s3.region() + ":s3")
                + " --user " + q(s3.accessKey() + ":" + s3.secretKey())
                + " -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' " + q(s3.internalObjectUrl(key))
                + "; sha256sum " + file + " 2>/dev/null; rm -f " + file;
        ExecResult r = stack.probe(s3.deployments().name(), "sh", "-c", script);
        String out = r.stdout() == null ? "" : r.stdout().strip();
        String firstLine = out.isEmpty() ? "" : out.lines().findFirst().orElse("");
        int status;
        try {
            status = Integer.parseInt(firstLine.trim());
        } catch (NumberFormatException e) {
            status = 0;
        }
        String rest = out.lines().skip(1).reduce("", (a, b) -> a + b + "\n");
        return new ObjectRead(status, status == 200 ? Sha256.parse(rest) : null,
                "GET " + s3.internalObjectUrl(key) + " from a probe on " + s3.deployments().name() + "'s network: "
                        + (status == 0 ? "no answer" : "HTTP " + status) + (r.stderr() == null || r.stderr().isBlank() ? "" : " (" + r.stderr().strip() + ")"));
    }

    /**
     * Creates the bucket straight on the S3 endpoint, as deployments does once at its startup; for a
     * MinIO that was replaced under a running deployments. Returns the HTTP status (200 created, 409
     * already there, 0 no answer).
     */
    public static int createBucket(RunningStack stack, S3Settings s3) {
        String url = s3.internalUri().toString().replaceAll("/+$", "") + "/" + s3.bucket();
        String script = "curl -s -o /dev/null -w '%{http_code}' -X PUT --connect-timeout 3 --max-time 30"
                + " --aws-sigv4 " + q("aws:amz:" + s3.region() + ":s3")
                + " --user " + q(s3.accessKey() + ":" + s3.secretKey())
                + " -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' " + q(url);
        String out = stack.probe(s3.deployments().name(), "sh", "-c", script).stdout();
        try {
            return Integer.parseInt(out == null ? "" : out.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Single-quotes a value for sh. */
    static String q(String v) {
        return "'" + v.replace("'", "'\"'\"'") + "'";
    }
}
