package dev.menderharness.manifest;

/** One Kubernetes object as written (any kind is carried along, only some are interpreted). */
public record K8sObject(String apiVersion, String kind, String name, YNode root) {
    /** kind/name, the form findings name an object by. */
    public String ref() { return kind + "/" + name; }

    public SourceRef source() { return root.source(); }

    public YNode metadata() { return root.get("metadata"); }
}
