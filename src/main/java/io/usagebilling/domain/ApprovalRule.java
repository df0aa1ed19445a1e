package io.usagebilling.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Which quantity changes go to the PSA without a person (approve-before-push). A change within
 * {@code maxUnits} units, or within {@code maxPercent} percent of the PSA's quantity now, goes straight
 * through; any other change waits, and so does every decrease of more than
 * {@code holdDecreasesAbove} units, however small in percent (MSPs are wary of automatic decreases).
 */
public record ApprovalRule(BigDecimal maxUnits, BigDecimal maxPercent, BigDecimal holdDecreasesAbove) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public ApprovalRule {
        Objects.requireNonNull(maxUnits, "maxUnits");
        Objects.requireNonNull(maxPercent, "maxPercent");
        Objects.requireNonNull(holdDecreasesAbove, "holdDecreasesAbove");
        if (maxUnits.signum() < 0 || maxPercent.signum() < 0 || holdDecreasesAbove.signum() < 0) {
            throw new IllegalArgumentException("approval limits must not be negative: " + maxUnits + " units, "
                    + maxPercent + " %, decreases above " + holdDecreasesAbove);
        }
    }

    /** True when taking the PSA from {@code psaNow} to {@code target} needs no person. */
    public boolean autoApproved(BigDecimal psaNow, BigDecimal target) {
        BigDecimal change = target.subtract(psaNow);
        BigDecimal size = change.abs();
        if (change.signum() < 0 && size.compareTo(holdDecreasesAbove) > 0) {
            return false;
        }
        if (size.compareTo(maxUnits) <= 0) {
            return true;
        }
        // percent of the quantity now; from 0 every change is "infinitely" large
        return psaNow.signum() > 0 && size.multiply(HUNDRED).compareTo(maxPercent.multiply(psaNow)) <= 0;
    }
}
