package dev.menderharness.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Traefik router rule ({@code PathRegexp(`^/api/...`) && !Path(`/x`) || Method(`POST`)}) as a
 * predicate over a request's method and path. Host and ClientIP matchers match any request (the rule
 * is judged on its path); Header and Query matchers match none (the API requests the route check asks
 * about carry no special header, e.g. an S3 request's X-Amz-Date).
 */
public final class TraefikRule {
    private interface Expr {
        boolean test(String method, String path);
    }

    private final String text;
    private final Expr expr;
    private int pos;

    private TraefikRule(String text) {
        this.text = text;
        this.expr = text.isBlank() ? (m, p) -> false : or();
        skip();
        if (pos < text.length()) throw new IllegalArgumentException("unexpected '" + text.substring(pos) + "'");
    }

    /** Parses a rule; throws IllegalArgumentException with the reason when it is not one. */
    public static TraefikRule parse(String rule) {
        return new TraefikRule(rule.replace('\n', ' '));
    }

    public boolean matches(String method, String path) {
        return expr.test(method, path);
    }

    private Expr or() {
        Expr left = and();
        while (eat("||")) {
            Expr l = left;
            Expr r = and();
            left = (m, p) -> l.test(m, p) || r.test(m, p);
        }
        return left;
    }

    private Expr and() {
        Expr left = unary();
        while (eat("&&")) {
            Expr l = left;
            Expr r = unary();
            left = (m, p) -> l.test(m, p) && r.test(m, p);
        }
        return left;
    }

    private Expr unary() {
        if (eat("!")) {
            Expr e = unary();
            return (m, p) -> !e.test(m, p);
        }
        if (eat("(")) {
            Expr e = or();
            if (!eat(")")) throw new IllegalArgumentException("missing ')'");
            return e;
        }
        return matcher();
    }

    private Expr matcher() {
        skip();
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;
        String name = text.substring(start, pos);
        if (name.isEmpty()) throw new IllegalArgumentException("expected a matcher at '" + text.substring(start) + "'");
        if (!eat("(")) throw new IllegalArgumentException(name + " without '('");
        List<String> args = new ArrayList<>();
        while (true) {
            skip();
            if (eat(")")) break;
            char q = pos < text.length() ? text.charAt(pos) : 0;
            if (q != '`' && q != '"' && q != '\'') throw new IllegalArgumentException(name + ": arguments are quoted with backticks");
            int end = text.indexOf(q, pos + 1);
            if (end < 0) throw new IllegalArgumentException(name + ": unterminated argument");
            args.add(text.substring(pos + 1, end));
            pos = end + 1;
            skip();
            eat(",");
        }
        return switch (name) {
            case "Path" -> (m, p) -> args.contains(p);
            case "PathPrefix" -> (m, p) -> args.stream().anyMatch(p::startsWith);
            case "PathRegexp" -> {
                List<Pattern> res = new ArrayList<>();
                for (String a : args) {
                    try {
                        res.add(Pattern.compile(a));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("PathRegexp: " + e.getDescription());
                    }
                }
                yield (m, p) -> res.stream().anyMatch(r -> r.matcher(p).find());
            }
            case "Method" -> (m, p) -> args.stream().anyMatch(a -> a.equalsIgnoreCase(m));
            // The requests the harness asks about carry no special header or query (an S3 request's X-Amz-Date).
            case "Header", "HeaderRegexp", "Query", "QueryRegexp" -> (m, p) -> false;
            default -> (m, p) -> true;
        };
    }

    private boolean eat(String token) {
        skip();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    @Override
    public String toString() { return text; }
}
