package dev.menderharness.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a {@link ValidationResult} as text (people), JSON (tools), JUnit XML (CI systems) or SARIF (code scanning). */
public final class Formats {
    private Formats() {
    }

    public enum Format { text, json, junit, sarif }

    public static String render(ValidationResult r, Format f) {
        return switch (f) {
            case text -> text(r);
            case json -> json(r.findings());
            case junit -> junit(r);
            case sarif -> Sarif.render(r);
        };
    }

    /** {@code file:line: error [rule] resource: message}, one per line, then a count. */
    public static String text(ValidationResult r) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : r.findings()) {
            sb.append(f.location()).append(": ").append(f.severity().lower()).append(" [").append(f.rule()).append("] ")
                    .append(f.resource()).append(": ").append(f.message()).append('\n');
        }
        sb.append(r.findings().isEmpty() ? "no findings" : r.findings().size() + " finding(s): " + r.count(Severity.ERROR)
                + " error(s), " + r.count(Severity.WARNING) + " warning(s), " + r.count(Severity.INFO) + " info").append('\n');
        return sb.toString();
    }

    /** A JSON array of {rule, severity, file, line, resource, message}. */
    public static String json(List<Finding> findings) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            sb.append(i == 0 ? "\n  " : ",\n  ").append('{')
                    .append("\"rule\":").append(str(f.rule()))
                    .append(",\"severity\":").append(str(f.severity().lower()))
                    .append(",\"file\":").append(f.file() == null ? "null" : str(Paths2.display(f.file())))
                    .append(",\"line\":").append(f.line())
                    .append(",\"resource\":").append(str(f.resource()))
                    .append(",\"message\":").append(str(f.message()))
                    .append('}');
        }
        return sb.append(findings.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /** One testsuite per rule, one testcase per resource the rule examined; findings are failures. */
    public static String junit(ValidationResult r) {
        StringBuilder body = new StringBuilder();
        int tests = 0;
        int failures = 0;
        for (Map.Entry<String, Set<String>> e : r.examinedByRule().entrySet()) {
            String rule = e.getKey();
            StringBuilder cases = new StringBuilder();
            int t = 0;
            int fl = 0;
            for (String resource : e.getValue()) {
                List<Finding> fs = new ArrayList<>();
                for (Finding f : r.findings()) if (f.rule().equals(rule) && f.resource().equals(resource)) fs.add(f);
                t++;
                cases.append("    <testcase classname=\"").append(xml("validate." + rule)).append("\" name=\"").append(xml(resource)).append('"');
                List<Finding> errors = fs.stream().filter(f -> f.severity() == Severity.ERROR).toList();
                if (fs.isEmpty()) {
                    cases.append("/>\n");
                    continue;
                }
                cases.append(">\n");
                if (!errors.isEmpty()) {
                    fl++;
                    cases.append("      <failure type=\"").append(xml(rule)).append("\" message=\"").append(xml(errors.get(0).message())).append("\">");
                    for (Finding f : errors) cases.append(xml(f.location() + ": " + f.message())).append('\n');
                    cases.append("</failure>\n");
                }
                for (Finding f : fs) {
                    if (f.severity() != Severity.ERROR) {
                        cases.append("      <system-out>").append(xml(f.severity().lower() + ": " + f.location() + ": " + f.message()))
                                .append("</system-out>\n");
                    }
                }
                cases.append("    </testcase>\n");
            }
            tests += t;
            failures += fl;
            body.append("  <testsuite name=\"").append(xml("validate." + rule)).append("\" tests=\"").append(t)
                    .append("\" failures=\"").append(fl).append("\" errors=\"0\" skipped=\"0\">\n").append(cases).append("  </testsuite>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mender-manifests\" tests=\"" + tests + "\" failures=\""
                + failures + "\">\n" + body + "</testsuites>\n";
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
