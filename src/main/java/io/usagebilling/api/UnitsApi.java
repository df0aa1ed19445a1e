package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.chart.UnitsChart;
import io.usagebilling.delivery.DailyUnits;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.mapping.CompanyCache;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/units?from=&to=&company=}: per contract line, day by day, the usage's units beside the
 * PSA's (read now, once per line); {@code GET /api/usage/chart} draws them. Days that are over only, at most {@value #MAX_DAYS} of them: each line's
 * days are answered one by one.
 */
public final class UnitsApi {

    static final int MAX_DAYS = 92;

    private final ApiCalls calls;
    private final TenantCalendar calendar;
    private final DailyUnits units;
    private final CompanyCache companies;

    public UnitsApi(ApiCalls calls, TenantCalendar calendar, DailyUnits units, CompanyCache companies) {
        this.calls = calls;
        this.calendar = calendar;
        this.units = units;
        this.companies = companies;
    }

    public void units(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(report(r, r.queryLong("company"))));
    }

    /** {@code GET /api/usage/chart?company=&from=&to=}: the same figures for one company, drawn as SVG. */
    public void chart(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long company = ApiRequest.need(r.queryLong("company"), "company");
            DailyUnits.Report report = report(r, company);
            return new Reply(200, "image/svg+xml", UnitsChart.svg(report, companies.store().company(company).orElseThrow().name()));
        });
    }

    private DailyUnits.Report report(ApiRequest r, Long company) {
        LocalDate askedTo = r.queryDate("to");
        LocalDate to = askedTo == null ? calendar.yesterday() : askedTo;
        Long days = r.queryLong("days");
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw InputProblem.invalid("days", "days must be 1 to " + MAX_DAYS + ", not " + days);
        }
        LocalDate askedFrom = r.queryDate("from");
        LocalDate from = askedFrom == null ? to.minusDays(days == null ? 0 : days - 1) : askedFrom;
        if (from.isAfter(to)) {
            throw InputProblem.invalid("from", "from (" + from + ") is after to (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw InputProblem.invalid("from", "at most " + MAX_DAYS + " days at once: " + from + " to " + to + " is "
                    + (ChronoUnit.DAYS.between(from, to) + 1));
        }
        try {
            calendar.requireOver(to);
        } catch (TenantCalendar.DayRefused e) {
            throw InputProblem.invalid("to", e.getMessage());
        }
        if (company != null) {
            companies.refreshIfStale();
            if (companies.store().company(company).isEmpty()) {
                throw InputProblem.notFound("company", "no company " + company);
            }
        }
        return units.between(from, to, company);
    }
}
