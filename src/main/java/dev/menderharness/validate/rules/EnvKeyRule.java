package dev.menderharness.validate.rules;

import dev.menderharness.contract.ComponentContract;
import dev.menderharness.contract.EnvCatalogue;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.contract.MenderContract;
import dev.menderharness.manifest.EnvVar;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import dev.menderharness.validate.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Mender services read env keys through viper with a fixed prefix (catalogue: {@link EnvCatalogue},
 * written from mender-server v4.1.3's configuration code); a key they do not read is silently
 * ignored and the code default applies instead. A key "meant for Mender" (a Mender prefix, or within
 * two edits of one) that the service does not read is graded:
 * <ul>
 *   <li>error: a likely misspelling (at most two edits, one for short keys) of a key the service
 *       reads and that is not set too ({@code DEVICEAUTH_JWT_ISUER} for {@code DEVICEAUTH_JWT_ISSUER});</li>
 *   <li>warning: any other key the service does not read, and the official artefacts' own ignored
 *       keys that look like such a misspelling ({@code DEVICECONNECT_NATS_URL} in docker-compose.yml);</li>
 *   <li>info: keys that only enterprise images read, keys the official chart or compose file set
 *       that v4.1.3 ignores ({@code USERADM_TOTP_ISSUER}), keys declared in the code but never read,
 *       and keys a shared ConfigMap/Secret injects with {@code envFrom} into every service (the
 *       chart's mongodb-common gives {@code <P>_MONGO} and {@code <P>_MONGO_URL} to all).</li>
 * </ul>
 */
public final class EnvKeyRule implements Rule {
    @Override
    public String id() { return "env-key"; }

    @Override
    public String description() {
        return "Mender env keys are keys the service reads (catalogue of Mender " + EnvCatalogue.get().version()
                + "); a likely misspelling of a key it reads is an error, other unread keys a warning or info";
    }

    @Override
    public void check(RuleContext ctx) {
        EnvCatalogue cat = EnvCatalogue.get();
        String release = "Mender " + cat.version();
        for (Instance i : Instance.all(ctx.manifests())) {
            Optional<ComponentContract> c = MenderContract.forService(i.image(), i.command());
            if (c.isEmpty() || c.get().envKeys().isEmpty()) continue;
            ctx.examined(i.resource());
            String svc = name(c.get().component());
            Set<String> set = new HashSet<>();
            i.env().forEach(v -> set.add(v.key()));
            for (EnvVar v : i.env()) {
                String key = v.key();
                if (c.get().envKeys().contains(key) || !meantFor(c.get(), key)) continue;
                Optional<String> ignored = cat.ignoredByRelease(key);
                // The catalogue may say which key was meant (IOT_MANAGER_DEVICEAUTH_ADDR: "reads IOT_MANAGER_DEVICEAUTH_URL").
                Optional<String> near = misspelled(key, c.get().envKeys(), set).or(() -> ignored.flatMap(w -> meant(w, c.get().envKeys(), set)));
                Optional<String> notRead = c.get().catalogue().stream().map(s -> cat.declaredNotRead(s, key))
                        .flatMap(Optional::stream).findFirst();
                String base = "env key " + key + " is not read by " + svc + " (" + release + ")";
                if (cat.enterpriseOnly(key)) {
                    ctx.info(v.source(), i.resource(), base + ": only enterprise images read it");
                } else if (v.fromEnvFrom()) {
                    ctx.info(v.source(), i.resource(), base + ": injected by envFrom " + v.origin().substring("envFrom:".length())
                            + ", which other services share; harmless" + ignored.map(w -> " (" + w + ")").orElse(""));
                } else if (near.isPresent() && ignored.isPresent()) {
                    ctx.warning(v.source(), i.resource(), base + "; did you mean " + near.get() + "? (" + ignored.get() + ")");
                } else if (near.isPresent()) {
                    ctx.error(v.source(), i.resource(), base + "; did you mean " + near.get() + "? (" + near.get()
                            + " is not set, so its default applies)");
                } else if (notRead.isPresent()) {
                    ctx.info(v.source(), i.resource(), base + ": declared in its code but never read (" + notRead.get() + ")");
                } else if (ignored.isPresent()) {
                    ctx.info(v.source(), i.resource(), base + " (" + ignored.get() + ")");
                } else {
                    ctx.report(Severity.WARNING, v.source(), i.resource(), base + "; it has no effect");
                }
            }
        }
    }

    private static String name(MenderComponent c) {
        return c.name().toLowerCase().replace('_', '-');
    }

    /**
     * The catalogued key {@code key} is most likely a misspelling of: at most two edits away (one for
     * keys under 12 characters), same prefix family, and not set itself. A key that only adds or drops a
     * whole segment ({@code DEPLOYMENTS_MONGO} vs {@code DEPLOYMENTS_MONGO_URL}) is a different key, not a typo.
     */
    static Optional<String> misspelled(String key, Set<String> catalogued, Set<String> set) {
        int max = key.length() < 12 ? 1 : 2;
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : catalogued) {
            if (set.contains(c) || c.startsWith(key + "_") || key.startsWith(c + "_") || !oneWordTypo(key, c)) continue;
            int d = EditDistance.of(key, c);
            if (d < bestD || d == bestD && c.compareTo(best) < 0) {
                best = c;
                bestD = d;
            }
        }
        return bestD <= max ? Optional.of(best) : Optional.empty();
    }

    private static final java.util.regex.Pattern READS = java.util.regex.Pattern.compile("reads ([A-Z][A-Z0-9_]+)");

    /** The key a catalogue note says the service reads instead, when the service reads it and it is not set. */
    static Optional<String> meant(String why, Set<String> catalogued, Set<String> set) {
        java.util.regex.Matcher m = READS.matcher(why);
        while (m.find()) {
            if (catalogued.contains(m.group(1)) && !set.contains(m.group(1))) return Optional.of(m.group(1));
        }
        return Optional.empty();
    }

    /**
     * Same segments but one, and that one keeps most of its letters ({@code URL}/{@code URI},
     * {@code ISUER}/{@code ISSUER}, {@code WOKRFLOWS}/{@code WORKFLOWS}); {@code URL}/{@code SSL} is
     * another word. Keys with a different number of segments are compared whole.
     */
    static boolean oneWordTypo(String key, String candidate) {
        String[] a = key.split("_");
        String[] b = candidate.split("_");
        if (a.length != b.length) return true;
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i])) continue;
            differing++;
            int d = EditDistance.of(a[i], b[i]);
            if (d * 2 > Math.max(a[i].length(), b[i].length())) return false;
        }
        return differing == 1;
    }

    /** Keys this component's configuration would read if spelled right: its prefix (or close to it), and the unprefixed keys it reads. */
    static boolean meantFor(ComponentContract c, String key) {
        if (meantForMender(key)) return true;
        List<String> unprefixed = List.of("HAVE_", "SENTRY_", "MENDER_", "GATEWAY_");
        return c.component() == MenderComponent.GUI && unprefixed.stream().anyMatch(key::startsWith)
                || c.component() == MenderComponent.WORKFLOWS_WORKER && (key.endsWith("_ADDR") || key.startsWith("HAVE_"));
    }

    static boolean meantForMender(String key) {
        for (String prefix : MenderContract.prefixes()) {
            if (key.startsWith(prefix + "_")) return true;
            int cut = key.indexOf('_');
            // Compare the same number of leading segments as the prefix has (IOT_MANAGER has two).
            int segments = prefix.split("_").length;
            int end = -1;
            for (int s = 0, from = 0; s < segments; s++) {
                end = key.indexOf('_', from);
                if (end < 0) break;
                from = end + 1;
            }
            if (cut > 0 && end > 0 && EditDistance.of(key.substring(0, end), prefix) <= 2) return true;
        }
        return false;
    }
}
