package dev.menderharness.checks;

import dev.menderharness.manifest.SourceRef;

/**
 * A name one service uses to reach another: {@code consumer} resolves {@code host} (port optional,
 * -1 when the value gives none). {@code origin} says where the name comes from, in words a person
 * can search for: {@code env DEPLOYMENTS_AWS_URI}, {@code code default DEVICEAUTH_MONGO},
 * {@code gateway upstream}.
 */
public record ServiceAddress(String consumer, String host, int port, String origin, SourceRef source) {

    public String describe() {
        return host + (port > 0 ? ":" + port : "") + " (used by " + consumer + ", " + origin
                + (source == null ? "" : ", " + source) + ")";
    }
}
