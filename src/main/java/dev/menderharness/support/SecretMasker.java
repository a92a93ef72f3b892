package dev.menderharness.support;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Masks secrets before any text reaches a log line, a report attachment or a validator finding. Known
 * secret values (S3 keys, passwords, generated keys, Secret data) are registered when read; JWTs,
 * bearer/basic credentials, SigV4 signatures, URL passwords ({@code mongodb://root:****@mongo}) and
 * values of credential-named keys ({@code MONGO_PASSWORD=****}) are masked by shape.
 */
public final class SecretMasker {

    private static final Set<String> KNOWN = new ConcurrentSkipListSet<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)(authorization:\\s*(?:bearer|basic)\\s+)\\S+");
    private static final Pattern SIGV4 = Pattern.compile("(?i)(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\\s\"']+");
    /** {@code scheme://user:password@host}: the password (a MongoDB, Redis or AMQP URL). */
    private static final Pattern URL_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s/@:'\"]*:)([^\\s/@'\"]+)@");
    /** {@code SOME_PASSWORD=value} / {@code secretKey: value}: values of credential-named keys. */
    private static final Pattern CREDENTIAL_ASSIGNMENT = Pattern.compile(
            "(?i)(\\b[A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_?KEY|SECRETKEY|ACCESS_?KEY_?SECRET)[A-Za-z0-9_.-]*\"?\\s*[=:]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s,;)}\\]]*[^\\s,;)}\\]:])");
    /** {@code nats://TOKEN@host}, {@code redis://TOKEN@host}: a user-info without a colon is the credential itself. */
    private static final Pattern URL_TOKEN = Pattern.compile("(?i)((?:nats|tls|redis|rediss|amqp|amqps)://)([^\\s/@:'\"]+)@");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\\s\\S]*?-----END \\1-----");

    private SecretMasker() {
    }

    /**
     * Registers a secret value, and the forms it takes in other texts: URL-encoded (a query or a
     * connection string), JSON-escaped (a serialized object), base64 (a Kubernetes Secret, a
     * Basic header). Values shorter than 4 characters are ignored (they would mask noise).
     */
    public static void register(String secret) {
        if (secret == null || secret.length() < 4) return;
        KNOWN.add(secret);
        KNOWN.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        KNOWN.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        KNOWN.add(jsonEscaped(secret));
        KNOWN.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        KNOWN.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static String jsonEscaped(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : KNOWN) {
            out = out.replace(secret, "****");
        }
        out = PEM.matcher(out).replaceAll("-----BEGIN $1----- **** -----END $1-----");
        out = URL_PASSWORD.matcher(out).replaceAll("$1****@");
        out = URL_TOKEN.matcher(out).replaceAll("$1****@");
        out = CREDENTIAL_ASSIGNMENT.matcher(out).replaceAll("$1****");
        out = JWT.matcher(out).replaceAll("eyJ****(jwt)");
        out = AUTH_HEADER.matcher(out).replaceAll("$1****");
        return SIGV4.matcher(out).replaceAll("$1****");
    }
}
