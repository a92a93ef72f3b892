package dev.menderharness.checks.storage;

/** An artifact the storage check uploaded and verified: what later checks compare against. */
public record StoredArtifact(String id, String name, String sha256, long size) {
}
