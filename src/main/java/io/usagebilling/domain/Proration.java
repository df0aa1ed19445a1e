package io.usagebilling.domain;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Optional;

/** How a service line's quantity changes reach the PSA; chosen per service mapping. */
public enum Proration {
    /** Every day's change is sent effective that tenant-local day, so the PSA prorates by day. */
    DAILY("daily"),
    /** One change a month: the quantity on the month's last day, effective the 1st of the next month. */
    MONTH_END("month_end");

    private final String code;

    Proration(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Proration fromCode(String code) {
        return Arrays.stream(values())
                .filter(p -> p.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "proration must be 'daily' or 'month_end', not '" + code + "'"));
    }

    /**
     * The effective date on which the quantity of {@code usageDate} is delivered, or empty when this
     * policy sends nothing for that day.
     */
    public Optional<LocalDate> effectiveDate(LocalDate usageDate) {
        if (this == DAILY) {
            return Optional.of(usageDate);
        }
        LocalDate lastDay = usageDate.with(TemporalAdjusters.lastDayOfMonth());
        return usageDate.equals(lastDay) ? Optional.of(lastDay.plusDays(1)) : Optional.empty();
    }
}
