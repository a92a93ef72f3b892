package dev.menderharness.support;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
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
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\\s\\S]*?-----END \\1-----");

    private SecretMasker() {
    }

    /** Registers a secret value; values shorter than 4 characters are ignored (they would mask noise). */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 4) {
            KNOWN.add(secret);
        }
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
        out = CREDENTIAL_ASSIGNMENT.matcher(out).replaceAll("$1****");
        out = JWT.matcher(out).replaceAll("eyJ****(jwt)");
        out = AUTH_HEADER.matcher(out).replaceAll("$1****");
        return SIGV4.matcher(out).replaceAll("$1****");
    }
}
