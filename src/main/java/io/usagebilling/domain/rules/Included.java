package io.usagebilling.domain.rules;

import java.math.BigDecimal;

/** Units included in a subscription are not billed: 2 VM Server sockets, 1 base branding (seed 002). */
public final class Included {

    private Included() {}

    /** The units beyond those included; never negative. */
    public static BigDecimal beyond(BigDecimal quantity, BigDecimal included) {
        return quantity.subtract(included).max(BigDecimal.ZERO);
    }
}
