package dev.menderharness.checks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream names in an nginx gateway configuration: literal {@code proxy_pass} URLs, {@code server}
 * lines of {@code upstream} blocks, and host:port values of {@code map}/{@code set} that lazy
 * {@code proxy_pass http://$var} routes use. {@code ${VAR}} placeholders (the nginx image's envsubst
 * templates) are filled from the gateway's env; unset ones expand to nothing, as envsubst does for
 * variables the container defines empty.
 */
public final class NginxUpstreams {

    private static final Pattern COMMENT = Pattern.compile("(?m)#.*$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern PROXY_PASS = Pattern.compile("\\bproxy_pass\\s+([a-z]+://[^;\\s]+)\\s*;");
    private static final Pattern UPSTREAM_BLOCK = Pattern.compile("\\bupstream\\s+\\S+\\s*\\{([^}]*)}");
    private static final Pattern SERVER_LINE = Pattern.compile("\\bserver\\s+([^;\\s]+)[^;]*;");
    private static final Pattern MAP_BLOCK = Pattern.compile("\\bmap\\s+\\S+\\s+\\$\\S+\\s*\\{([^}]*)}");
    private static final Pattern MAP_ENTRY = Pattern.compile("\\S+\\s+(\\S+?)\\s*;");
    private static final Pattern SET = Pattern.compile("\\bset\\s+\\$\\S+\\s+\"?([^\";\\s]+)\"?\\s*;");
    private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9.-]+:[0-9]+$");

    private NginxUpstreams() {
    }

    /** Distinct upstream hosts (with ports) named in {@code config}, in order of appearance. */
    public static List<AddressExtractor.HostPort> parse(String config, Map<String, String> env) {
        String text = expand(COMMENT.matcher(config).replaceAll(""), env);
        Set<AddressExtractor.HostPort> out = new LinkedHashSet<>();
        Matcher m = PROXY_PASS.matcher(text);
        while (m.find()) {
            addValue(out, m.group(1));
        }
        Matcher u = UPSTREAM_BLOCK.matcher(text);
        while (u.find()) {
            Matcher s = SERVER_LINE.matcher(u.group(1));
            while (s.find()) {
                addValue(out, s.group(1));
            }
        }
        Matcher map = MAP_BLOCK.matcher(text);
        while (map.find()) {
            Matcher e = MAP_ENTRY.matcher(map.group(1));
            while (e.find()) {
                addValue(out, e.group(1));
            }
        }
        Matcher set = SET.matcher(text);
        while (set.find()) {
            addValue(out, set.group(1));
        }
        return new ArrayList<>(out);
    }

    static String expand(String text, Map<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.getOrDefault(m.group(1), "");
            if (v.contains("$(") || v.contains("${")) {
                v = ""; // a value the orchestrator fills in (downward API): the short name is what we can check
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void addValue(Set<AddressExtractor.HostPort> out, String value) {
        value = value.replace("\"", "").replace("'", "");
        if (value.contains("$")) {
            // proxy_pass http://$upstream: the host is a variable, its values are found in map/set.
            int scheme = value.indexOf("://");
            String rest = scheme >= 0 ? value.substring(scheme + 3) : value;
            if (rest.startsWith("$")) {
                return;
            }
        }
        if (value.contains("://")) {
            out.addAll(AddressExtractor.fromEnv("URL", value.replaceAll("\\$[A-Za-z_0-9]+", "")));
        } else if (HOST_PORT.matcher(value).matches()) {
            out.addAll(AddressExtractor.hostList(value, -1));
        }
    }
}
