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
    private int depth;

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

    /** True when the rule matches; a PathRegexp that backtracks too much throws {@link BoundedRegex.TooExpensive}. */
    public boolean matches(String method, String path) {
        return expr.test(method, path);
    }

    /** {@code a || b || ...}: a list, not nested lambdas, so a rule of many terms cannot overflow the stack when tested. */
    private Expr or() {
        List<Expr> terms = new ArrayList<>(List.of(and()));
        while (eat("||")) terms.add(and());
        if (terms.size() == 1) return terms.get(0);
        return (m, p) -> {
            for (Expr t : terms) if (t.test(m, p)) return true;
            return false;
        };
    }

    private Expr and() {
        List<Expr> terms = new ArrayList<>(List.of(unary()));
        while (eat("&&")) terms.add(unary());
        if (terms.size() == 1) return terms.get(0);
        return (m, p) -> {
            for (Expr t : terms) if (!t.test(m, p)) return false;
            return true;
        };
    }

    private Expr unary() {
        boolean negated = false;
        while (eat("!")) negated = !negated;
        Expr e;
        if (eat("(")) {
            if (++depth > InputLimits.MAX_NESTING) {
                throw new IllegalArgumentException("parentheses nested more than " + InputLimits.MAX_NESTING + " deep");
            }
            e = or();
            depth--;
            if (!eat(")")) throw new IllegalArgumentException("missing ')'");
        } else {
            e = matcher();
        }
        if (!negated) return e;
        Expr inner = e;
        return (m, p) -> !inner.test(m, p);
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
                        res.add(BoundedRegex.compile(a, 0));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("PathRegexp: " + e.getDescription());
                    }
                }
                yield (m, p) -> res.stream().anyMatch(r -> BoundedRegex.find(r, p));
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
