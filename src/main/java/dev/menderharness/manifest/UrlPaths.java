package dev.menderharness.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the URL paths in a healthcheck command line (wget/curl http://host:port/path). */
final class UrlPaths {
    private static final Pattern URL = Pattern.compile("https?://[^/\\s'\"]+(/[^\\s'\"|;&]*)?");

    private UrlPaths() {
    }

    static List<String> in(String command) {
        List<String> out = new ArrayList<>();
        Matcher m = URL.matcher(command);
        while (m.find()) out.add(m.group(1) == null ? "/" : m.group(1));
        return out;
    }
}
