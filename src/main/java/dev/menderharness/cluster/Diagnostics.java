package dev.menderharness.cluster;

import java.util.Map;

/** Named text attachments (title to content) collected from a stack; secrets already masked. */
public record Diagnostics(Map<String, String> attachments) {
}
