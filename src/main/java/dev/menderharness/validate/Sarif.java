package dev.menderharness.validate;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * SARIF 2.1.0, the format GitHub code scanning reads ({@code github/codeql-action/upload-sarif}): one
 * run, the rules that ran, one result per finding with its file (relative to the working directory,
 * which is the repository root in CI) and line. error/warning/info map to error/warning/note.
 */
final class Sarif {
    static final String TOOL = "mender-cluster-harness";
    static final String INFO_URI = "https://github.com/mendersoftware/mender-cluster-harness";

    private Sarif() {
    }

    static String render(ValidationResult r) {
        Set<String> rules = new LinkedHashSet<>(r.examinedByRule().keySet());
        r.findings().forEach(f -> rules.add(f.rule()));
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n");
        sb.append("  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": ").append(Formats.str(TOOL))
                .append(", \"informationUri\": ").append(Formats.str(INFO_URI)).append(", \"rules\": [");
        int i = 0;
        for (String rule : rules) {
            String description = r.ruleDescriptions().getOrDefault(rule, rule);
            sb.append(i++ == 0 ? "\n      " : ",\n      ").append("{\"id\": ").append(Formats.str(rule))
                    .append(", \"name\": ").append(Formats.str(camel(rule)))
                    .append(", \"shortDescription\": {\"text\": ").append(Formats.str(description)).append("}")
                    .append(", \"helpUri\": ").append(Formats.str(INFO_URI + "/blob/main/docs/validator.md#rules")).append('}');
        }
        sb.append(rules.isEmpty() ? "]}},\n" : "\n    ]}},\n");
        sb.append("    \"results\": [");
        int j = 0;
        for (Finding f : r.findings()) {
            sb.append(j++ == 0 ? "\n      " : ",\n      ").append("{\"ruleId\": ").append(Formats.str(f.rule()))
                    .append(", \"level\": ").append(Formats.str(level(f.severity())))
                    .append(", \"message\": {\"text\": ").append(Formats.str(f.resource() + ": " + f.message())).append('}');
            if (f.file() != null) {
                sb.append(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ").append(Formats.str(uri(f.file())))
                        .append("}, \"region\": {\"startLine\": ").append(Math.max(1, f.line())).append("}}}]");
            }
            sb.append('}');
        }
        sb.append(r.findings().isEmpty() ? "]\n" : "\n    ]\n");
        return sb.append("  }]\n}\n").toString();
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** A relative URI (forward slashes) when the file is below the working directory, else a file: URI. */
    static String uri(Path file) {
        String shown = Paths2.display(file);
        if (Path.of(shown).isAbsolute()) return file.toAbsolutePath().normalize().toUri().toString();
        return shown.replace('\\', '/');
    }

    private static String camel(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}
