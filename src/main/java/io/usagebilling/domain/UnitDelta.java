package io.usagebilling.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** The arithmetic of delivering a quantity to a PSA line: what is billable and what to send. */
public final class UnitDelta {

    private UnitDelta() {}

    /**
     * PSA lines carry whole units: a partial unit (say 10.2 GB) is billed as the next whole unit,
     * because the customer used part of it.
     */
    public static BigDecimal billableUnits(BigDecimal quantity) {
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity must not be negative: " + quantity);
        }
        return quantity.setScale(0, RoundingMode.CEILING);
    }

    /** A line needs delivery when the PSA was never told about it or was told something else. */
    public static boolean needsDelivery(BigDecimal target, Optional<BigDecimal> lastTold) {
        return lastTold.map(told -> told.compareTo(target) != 0).orElse(true);
    }

    /**
     * The signed change that takes the PSA's units, as freshly read, to the target. Computed from the
     * read, never from our own memory, so a change the PSA already applied is not sent again.
     */
    public static BigDecimal unitChange(BigDecimal psaUnits, BigDecimal target) {
        return target.subtract(psaUnits).stripTrailingZeros();
    }
}
