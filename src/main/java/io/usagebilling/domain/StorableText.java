package io.usagebilling.domain;

/**
 * What PostgreSQL's text can hold: no NUL character, and UTF-16 only in whole pairs (a lone surrogate
 * has no UTF-8 form). A value that breaks either would fail its whole transaction.
 */
public final class StorableText {

    private StorableText() {}

    /** Null when {@code text} can be stored as it is, else what stops it. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "holds a NUL character";
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return "holds an unpaired UTF-16 surrogate";
                }
                i++;
            }
        }
        return null;
    }

    /** {@code text} with each NUL written as the escape {@code \u0000} and each lone surrogate as U+FFFD: kept, and storable. */
    public static String escaped(String text) {
        if (problem(text) == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                out.append("\\u0000");
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
