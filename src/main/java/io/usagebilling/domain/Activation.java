package io.usagebilling.domain;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Activating billing of a utility module such as KOB Online Backup (seed 000): the terms accepted
 * and a payment method, given as the payment provider's token (never a card number). Nothing is
 * billed at activation; the first invoice comes about 30 days later.
 */
public record Activation(long company, String module, boolean termsAccepted, String paymentToken) {

    public static final int DAYS_TO_FIRST_INVOICE = 30;

    /** A provider token: opaque letters, digits, '_' and '-' (never digits only, which is what a card number is). */
    private static final Pattern TOKEN = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9_-]{8,128}");

    /**
     * Checks the request; the messages never repeat what was sent, so a card number that was sent
     * by mistake is neither stored nor logged nor echoed.
     */
    public Activation {
        if (CardNumbers.containsCardNumber(module) || CardNumbers.containsCardNumber(paymentToken)) {
            throw new IllegalArgumentException("card numbers are not accepted: send the payment provider's token for the"
                    + " card instead (nothing was stored)");
        }
        if (!termsAccepted) {
            throw new IllegalArgumentException("the terms and conditions must be accepted to activate billing");
        }
        if (paymentToken == null || !TOKEN.matcher(paymentToken).matches()) {
            throw new IllegalArgumentException("a payment method is required: the payment provider's token"
                    + " (8-128 letters, digits, '_' or '-')");
        }
    }

    public static LocalDate firstInvoiceOn(LocalDate activatedOn) {
        return activatedOn.plusDays(DAYS_TO_FIRST_INVOICE);
    }
}
