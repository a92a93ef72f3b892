package dev.menderharness.cluster.kubernetes;

import java.util.List;

/** The server-side dry run rejected objects; the message names every one (kind/name (file:line): reason). */
public class DryRunRejectedException extends RuntimeException {

    private final List<String> rejections;

    public DryRunRejectedException(String namespace, List<String> rejections) {
        super("server-side dry run in namespace " + namespace + " rejected " + rejections.size() + " object(s): "
                + String.join("; ", rejections));
        this.rejections = List.copyOf(rejections);
    }

    public List<String> rejections() {
        return rejections;
    }
}
