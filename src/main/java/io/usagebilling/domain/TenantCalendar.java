package io.usagebilling.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Billing dates are days in the tenant's time zone, never "now in UTC". */
public final class TenantCalendar {

    /** No usage is older; a year like 0026 or -4800 is a typo, and beyond what PostgreSQL's date holds. */
    public static final LocalDate EARLIEST_USAGE = LocalDate.of(2000, 1, 1);

    private final Clock clock;

    public TenantCalendar(ZoneId zone, Clock clock) {
        this.clock = clock.withZone(zone);
    }

    public static TenantCalendar of(String zoneId) {
        return new TenantCalendar(ZoneId.of(zoneId), Clock.systemUTC());
    }

    public ZoneId zone() {
        return clock.getZone();
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** The usage day a sync after midnight collects: yesterday in the tenant's zone. */
    public LocalDate yesterday() {
        return today().minusDays(1);
    }

    /**
     * Only a day that is over in the tenant's zone may be synced: before that its usage is not
     * complete, and what reached the PSA would be a guess. Nor a day before any usage: a mistyped
     * year would plan changes at the PSA effective from then on.
     */
    public void requireOver(LocalDate day) {
        LocalDate today = today();
        if (day.isBefore(EARLIEST_USAGE)) {
            throw new DayRefused(day + " is before " + EARLIEST_USAGE + ", the earliest usage day: only days from "
                    + EARLIEST_USAGE + " to " + today.minusDays(1) + " can be synced");
        }
        if (!day.isBefore(today)) {
            throw new DayRefused(day + " is not over yet in " + zone() + " (today is " + today
                    + "): only days before today can be synced");
        }
    }

    /** Only a month that is over may be closed: before that its month_end lines have no last day yet. Nor one before any usage. */
    public void requireOver(YearMonth month) {
        LocalDate today = today();
        if (month.isBefore(YearMonth.from(EARLIEST_USAGE))) {
            throw new DayRefused(month + " is before " + YearMonth.from(EARLIEST_USAGE) + ", the earliest usage month: nothing to close");
        }
        if (!month.atEndOfMonth().isBefore(today)) {
            throw new DayRefused(month + " is not over yet in " + zone() + " (today is " + today + "): it can be closed from "
                    + month.plusMonths(1).atDay(1) + " on; preview its drafts meanwhile");
        }
    }

    /** A day (or month) that is not over yet, or before any usage, where a usage day that is over was needed. */
    public static final class DayRefused extends IllegalArgumentException {
        DayRefused(String message) {
            super(message);
        }
    }

    public YearMonth thisMonth() {
        return YearMonth.from(today());
    }

    /** The day a month is shown as of: its last day once it is over, else today (never a day to come). */
    public LocalDate asOf(YearMonth month) {
        LocalDate end = month.atEndOfMonth();
        LocalDate today = today();
        return end.isAfter(today) ? today : end;
    }

    /** The month a close on the 1st invoices: last month in the tenant's zone. */
    public YearMonth previousMonth() {
        return thisMonth().minusMonths(1);
    }

    /** Parses an ISO month (YYYY-MM) with an error that says what was wrong. */
    public static YearMonth parseMonth(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a month (expected YYYY-MM): '" + text + "'");
        }
    }

    /** Parses an ISO date (YYYY-MM-DD) with an error that says what was wrong. */
    public static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a date (expected YYYY-MM-DD): '" + text + "'");
        }
    }
}
