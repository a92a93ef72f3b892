package dev.menderharness.manifest;

import dev.menderharness.contract.ComponentContract;
import dev.menderharness.contract.MenderContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the addresses in env values (URL, host:port, or a bare host for keys that are addresses by
 * contract) and adds the code defaults of address keys a Mender service leaves unset. Loopback
 * and IP literals are skipped: they name no service.
 */
public final class Addresses {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,5})");
    private static final Pattern IPV4 = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443, "mongodb", 27017,
            "nats", 4222, "tls", 4222, "redis", 6379, "rediss", 6379, "ws", 80, "wss", 443);

    private Addresses() {
    }

    /** Every address a service uses: explicit env values and, for a Mender service, the defaults of unset keys. */
    public static List<AddressUse> of(ServiceSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(new EnvVar(k, spec.externalEnv().contains(k) ? null : v, "env", spec.source())));
        return of(spec.image(), spec.command(), env, spec.source());
    }

    /** Same from the raw env list (keeps each variable's own line). */
    public static List<AddressUse> of(String image, List<String> command, List<EnvVar> env, SourceRef serviceSource) {
        Optional<ComponentContract> contract = MenderContract.forService(image, command);
        List<AddressUse> out = new ArrayList<>();
        for (EnvVar v : env) {
            if (!v.resolved()) continue;
            boolean bare = contract.map(c -> c.isAddressKey(v.key())).orElse(false);
            out.addAll(parse(v.key(), v.value(), bare, false, v.source()));
        }
        if (contract.isPresent()) {
            ComponentContract c = contract.get();
            c.addressDefaults().forEach((k, d) -> {
                if (unset(env, k)) out.addAll(parse(k, d, true, true, serviceSource));
            });
            for (ComponentContract.Conditional cond : c.conditionalAddresses()) {
                boolean enabled = env.stream().anyMatch(v -> v.key().equals(cond.enabledBy()) && cond.enabledBy(v.value()));
                if (enabled && unset(env, cond.key())) out.addAll(parse(cond.key(), cond.defaultValue(), true, true, serviceSource));
            }
        }
        return out;
    }

    /** viper ignores an env variable set to "" (AllowEmptyEnv is off), so empty counts as unset. */
    private static boolean unset(List<EnvVar> env, String key) {
        return env.stream().noneMatch(v -> v.key().equals(key) && (v.value() == null || !v.value().isEmpty()));
    }

    /** Parses one value; returns nothing for values that are not addresses or name no service. */
    public static List<AddressUse> parse(String key, String value, boolean bareHostIsAddress, boolean codeDefault, SourceRef src) {
        List<AddressUse> out = new ArrayList<>();
        if (value == null || value.isBlank() || Placeholders.has(value) || value.contains("$(")) return out;
        String v = value.trim();
        int sep = v.indexOf("://");
        if (sep > 0) {
            String scheme = v.substring(0, sep).toLowerCase();
            if (scheme.endsWith("+srv")) return out; // DNS SRV lookup: no single host to check
            String rest = v.substring(sep + 3);
            int end = indexOfAny(rest, "/?#");
            String authority = end < 0 ? rest : rest.substring(0, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) authority = authority.substring(at + 1);
            for (String hp : authority.split(",")) {
                add(out, key, value, scheme, hp, DEFAULT_PORTS.getOrDefault(scheme, -1), codeDefault, src);
            }
            return out;
        }
        if (HOST_PORT.matcher(v).matches()) {
            add(out, key, value, null, v, -1, codeDefault, src);
        } else if (bareHostIsAddress && HOST.matcher(v).matches()) {
            add(out, key, value, null, v, key.contains("MONGO") ? 27017 : -1, codeDefault, src);
        }
        return out;
    }

    private static void add(List<AddressUse> out, String key, String value, String scheme, String hostPort, int defaultPort,
                            boolean codeDefault, SourceRef src) {
        if (hostPort.isEmpty() || hostPort.startsWith("[")) return;
        int colon = hostPort.lastIndexOf(':');
        String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
        int port = defaultPort;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                return;
            }
        }
        if (!HOST.matcher(host).matches() || isLoopbackOrIp(host)) return;
        out.add(new AddressUse(key, value, scheme, host.toLowerCase(), port, codeDefault, src));
    }

    public static boolean isLoopbackOrIp(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || IPV4.matcher(host).matches();
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }
}
