package io.usagebilling.domain;

import java.util.regex.Pattern;

/**
 * Spots what looks like a payment card number in any text: 13 to 19 digits in a row, optionally
 * grouped by single spaces or dashes. The Luhn check is deliberately not applied, so a mistyped
 * card number is refused too; a provider token never carries such a run of digits.
 */
public final class CardNumbers {

    private static final Pattern CARD_LIKE = Pattern.compile("(?<![\\d])\\d(?:[ -]?\\d){12,18}(?![\\d])");

    private CardNumbers() {}

    public static boolean containsCardNumber(String text) {
        return text != null && CARD_LIKE.matcher(text).find();
    }
}
