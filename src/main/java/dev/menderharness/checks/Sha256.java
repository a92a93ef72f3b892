package dev.menderharness.checks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHA-256 digests as lower-case hex, and the comparison the storage checks make with them. */
public final class Sha256 {

    private static final Pattern HEX = Pattern.compile("\\b([0-9a-fA-F]{64})\\b");

    private Sha256() {
    }

    public static String hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The first 64-hex-digit token in {@code sha256sum}-style output, lower-cased; null when none. */
    public static String parse(String sha256sumOutput) {
        if (sha256sumOutput == null) {
            return null;
        }
        Matcher m = HEX.matcher(sha256sumOutput);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** Throws a {@link CheckFailure} naming {@code what} when the digests differ (or the actual one is missing). */
    public static void assertSame(String what, String expectedHex, String actualHex) {
        if (actualHex == null) {
            throw new CheckFailure("NOTHING_DOWNLOADED", what + ": no SHA-256 could be computed (nothing was downloaded)");
        }
        if (!expectedHex.equalsIgnoreCase(actualHex)) {
            throw new CheckFailure("CHECKSUM_MISMATCH", what + ": SHA-256 differs from the uploaded artifact: expected "
                    + expectedHex + ", got " + actualHex);
        }
    }
}
