package dev.menderharness.junit;

import java.lang.reflect.Method;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Readable names in reports: {@code killedReplicaIsReplacedWithin30s} becomes "killed replica is
 * replaced within 30s", {@code GatewayIT} becomes "Gateway".
 */
public final class HumanNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForClass(Class<?> testClass) {
        return capitalized(words(testClass.getSimpleName().replaceFirst("IT$", "").replaceFirst("Test$", "")));
    }

    @Override
    public String generateDisplayNameForNestedClass(Class<?> nestedClass) {
        return generateDisplayNameForClass(nestedClass);
    }

    @Override
    public String generateDisplayNameForMethod(Class<?> testClass, Method testMethod) {
        String words = words(testMethod.getName());
        return words.isEmpty() ? testMethod.getName() : capitalized(words);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** camelCase and PascalCase split into lower-case words; acronyms and numbers kept. */
    static String words(String camel) {
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replaceAll("([a-zA-Z]{2,})([0-9])", "$1 $2");
        StringBuilder out = new StringBuilder();
        for (String w : spaced.split(" ")) {
            if (out.length() > 0) out.append(' ');
            out.append(w.length() > 1 && w.equals(w.toUpperCase()) ? w : w.toLowerCase());
        }
        return out.toString();
    }
}
