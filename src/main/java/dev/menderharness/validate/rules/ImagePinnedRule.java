package dev.menderharness.validate.rules;

import dev.menderharness.manifest.K8sContainer;
import dev.menderharness.manifest.K8sWorkload;
import dev.menderharness.manifest.KubernetesManifests;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.manifest.SwarmService;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.ArrayList;
import java.util.List;

/** An unpinned image changes under a release: what was tested is not what runs. */
public final class ImagePinnedRule implements Rule {
    @Override
    public String id() { return "image-pinned"; }

    @Override
    public String description() { return "every image has an explicit tag other than latest (or a digest)"; }

    @Override
    public void check(RuleContext ctx) {
        KubernetesManifests k = ctx.manifests().kubernetesRaw();
        if (k != null) {
            for (K8sWorkload w : k.workloads()) {
                List<K8sContainer> all = new ArrayList<>(w.initContainers());
                all.addAll(w.containers());
                for (K8sContainer c : all) {
                    check(ctx, w.object().ref(), "container " + c.name() + " ", c.image(), c.node().get("image").exists()
                            ? c.node().get("image").source() : c.source());
                }
            }
        }
        if (ctx.manifests().swarmRaw() != null) {
            for (SwarmService s : ctx.manifests().swarmRaw().services().values()) {
                check(ctx, s.name(), "", s.image(), s.node().get("image").exists() ? s.node().get("image").source() : s.source());
            }
        }
    }

    private static void check(RuleContext ctx, String res, String what, String image, SourceRef at) {
        ctx.examined(res);
        String problem = problem(image);
        if (problem != null) ctx.error(at, res, what + "image " + (image == null ? "" : "'" + image + "' ") + problem);
    }

    /** Why {@code image} is not pinned, or null when it is. */
    static String problem(String image) {
        if (image == null || image.isBlank()) return "is missing";
        if (image.contains("@sha256:")) return null;
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon < 0) return "has no tag (defaults to latest)";
        String tag = last.substring(colon + 1);
        if (tag.contains("${")) {
            int def = tag.indexOf(":-");
            if (def < 0) return "takes its tag from a variable without a default";
            tag = tag.substring(def + 2, tag.length() - 1);
        }
        if (tag.isEmpty()) return "has an empty tag";
        if (tag.equals("latest")) return "uses tag latest";
        return null;
    }
}
