package dev.menderharness.checks;

import dev.menderharness.contract.MenderApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * deployments' artifact API through the gateway (contract §6 steps 3–5) with a management JWT:
 * upload (delegated to {@link MenderApiClient}), list, download link. Unexpected answers become
 * {@link CheckFailure}s naming the call and what came back.
 */
public final class ArtifactsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MenderApiClient api;
    private final String jwt;

    public ArtifactsClient(MenderApiClient api, String jwt) {
        this.api = api;
        this.jwt = jwt;
    }

    /** Uploads the artifact; returns its id. */
    public String upload(MenderArtifact artifact) {
        return api.uploadArtifact(jwt, artifact.name() + ".mender", artifact.bytes());
    }

    /** Ids of all artifacts deployments lists. */
    public List<String> listIds() {
        ApiResponse r = api.get(MenderApi.ARTIFACTS, jwt);
        if (r.status() != 200) {
            throw new CheckFailure("ARTIFACT_LIST_FAILED", "listing artifacts should answer 200, got " + r.summary());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode a : json(r)) {
            ids.add(a.path("id").asText());
        }
        return ids;
    }

    /** The presigned download link deployments hands out for {@code id}. */
    public PresignedLink downloadLink(String id) {
        ApiResponse r = api.get(MenderApi.artifactDownload(id), jwt);
        if (r.status() != 200) {
            throw new CheckFailure("DOWNLOAD_LINK_FAILED", "the download link of artifact " + id + " should answer 200, got " + r.summary());
        }
        JsonNode uri = json(r).path("uri");
        if (!uri.isTextual()) {
            throw new CheckFailure("DOWNLOAD_LINK_FAILED", "the download-link answer has no \"uri\": " + r.summary());
        }
        return PresignedLink.parse(uri.asText());
    }

    private static JsonNode json(ApiResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CheckFailure("NOT_JSON", "not JSON: " + r.summary());
        }
    }
}
