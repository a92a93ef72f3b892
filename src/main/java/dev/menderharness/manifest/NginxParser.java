package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small nginx configuration parser: directives, blocks, quoted strings, comments. Keeps
 * envsubst-style {@code ${VAR}} placeholders (and nginx {@code ${var}}) inside words. Unbalanced
 * braces, a missing ';' or blocks nested deeper than {@link InputLimits#MAX_NESTING} give a
 * one-line {@link ManifestException}.
 */
public final class NginxParser {
    private final Path file;
    private final String text;
    private int pos;
    private int line = 1;

    private NginxParser(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    public static List<NginxDirective> parse(Path file) {
        return parse(file, ManifestFiles.readText(file));
    }

    /** Parses {@code text} written in {@code file}. */
    static List<NginxDirective> parse(Path file, String text) {
        return new NginxParser(file, text).block(0);
    }

    /** The directives of a block {@code depth} levels deep (0: the file itself); deeper than {@link InputLimits#MAX_NESTING} is refused. */
    private List<NginxDirective> block(int depth) {
        boolean nested = depth > 0;
        List<NginxDirective> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int startLine = -1;
        while (true) {
            String tok = next();
            if (tok == null) {
                if (nested) throw new ManifestException(file, line, "unexpected end of file: missing '}'");
                if (!words.isEmpty()) throw new ManifestException(file, startLine, "directive '" + words.get(0) + "' is missing ';'");
                return out;
            }
            switch (tok) {
                case ";" -> {
                    if (words.isEmpty()) throw new ManifestException(file, line, "unexpected ';'");
                    out.add(new NginxDirective(words.get(0), List.copyOf(words.subList(1, words.size())), null, new SourceRef(file, startLine)));
                    words.clear();
                }
                case "{" -> {
                    if (words.isEmpty()) throw new ManifestException(file, line, "block without a directive name");
                    if (depth >= InputLimits.MAX_NESTING) {
                        throw new ManifestException(file, startLine, "blocks nested more than " + InputLimits.MAX_NESTING + " levels deep");
                    }
                    String name = words.get(0);
                    List<String> args = List.copyOf(words.subList(1, words.size()));
                    int l = startLine;
                    words.clear();
                    out.add(new NginxDirective(name, args, block(depth + 1), new SourceRef(file, l)));
                }
                case "}" -> {
                    if (!nested) throw new ManifestException(file, line, "unexpected '}'");
                    if (!words.isEmpty()) throw new ManifestException(file, startLine, "directive '" + words.get(0) + "' is missing ';'");
                    return out;
                }
                default -> {
                    if (words.isEmpty()) startLine = line;
                    words.add(tok.startsWith("\u0000") ? tok.substring(1) : tok);
                }
            }
        }
    }

    /** Next token; quoted strings are returned prefixed with NUL so that a quoted ";" stays a word. */
    private String next() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else {
                break;
            }
        }
        if (pos >= text.length()) return null;
        char c = text.charAt(pos);
        if (c == '{' || c == '}' || c == ';') {
            pos++;
            return String.valueOf(c);
        }
        if (c == '"' || c == '\'') {
            int startLine = line;
            StringBuilder sb = new StringBuilder("\u0000");
            pos++;
            while (pos < text.length() && text.charAt(pos) != c) {
                char ch = text.charAt(pos);
                if (ch == '\\' && pos + 1 < text.length()) {
                    sb.append(text.charAt(++pos));
                } else {
                    if (ch == '\n') line++;
                    sb.append(ch);
                }
                pos++;
            }
            if (pos >= text.length()) throw new ManifestException(file, startLine, "unterminated quoted string");
            pos++;
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (Character.isWhitespace(ch) || ch == ';' || ch == '}' ) break;
            if (ch == '{') {
                // "${VAR}" is a placeholder inside a word, not a block.
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '$') {
                    int close = text.indexOf('}', pos);
                    if (close < 0) throw new ManifestException(file, line, "unterminated ${...} placeholder");
                    sb.append(text, pos, close + 1);
                    pos = close + 1;
                    continue;
                }
                break;
            }
            sb.append(ch);
            pos++;
        }
        return sb.toString();
    }
}
