package io.usagebilling.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.delivery.DeliveryLedger.Delivery;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.Drift;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.store.Jdbc;
import io.usagebilling.sync.ExchangeProperties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what the PSA holds with what the usage says, for every line with synced days, over a range
 * of dates (routes/delivery/reconcile): one read of each line's units over the whole range. The
 * differences are recorded (DriftLog); when asked to fix them, the compensating changes are planned
 * through the ledger and sent like any other (approval rules included).
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** Reconcile {@code from} to {@code to} (both included, days that are over); {@code fix}: send the changes. */
    public record Request(LocalDate from, LocalDate to, boolean fix) {

        public Request {
            if (from.isBefore(TenantCalendar.EARLIEST_USAGE)) {
                throw InputProblem.invalid("from", "reconcile from " + from + ": before " + TenantCalendar.EARLIEST_USAGE
                        + ", the earliest usage day");
            }
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("reconcile from " + from + " to " + to + ": the range ends before it starts");
            }
        }

        /** Missing ends: up to yesterday, from the 1st of the last date's month. */
        public static Request of(TenantCalendar calendar, LocalDate from, LocalDate to, boolean fix) {
            LocalDate last = to == null ? calendar.yesterday() : to;
            return new Request(from == null ? last.withDayOfMonth(1) : from, last, fix);
        }
    }

    private final Jdbc jdbc;
    private final LineReads lines;
    private final DeliveryLedger ledger;
    private final PlanLines planLines;
    private final DriftLog drifts;
    private final TenantCalendar calendar;
    private final ObjectMapper json = new ObjectMapper();

    public Reconciler(DataSource dataSource, ContractUnits psa, DeliveryLedger ledger, PlanLines planLines, DriftLog drifts,
            TenantCalendar calendar) {
        this.jdbc = new Jdbc(dataSource);
        this.lines = new LineReads(dataSource, psa);
        this.ledger = ledger;
        this.planLines = planLines;
        this.drifts = drifts;
        this.calendar = calendar;
    }

    /** Opens the reconcile run (its id is the plan id of its changes); the range's days must be over. */
    public void start(Request request, Exchange exchange) {
        calendar.requireOver(request.to());
        long id = jdbc.query("""
                INSERT INTO sync_run (kind, range_from, usage_date) VALUES ('reconcile', ?, ?) RETURNING id""",
                rs -> rs.getLong(1), request.from(), request.to()).get(0);
        exchange.setProperty(ExchangeProperties.SYNC_RUN_ID, id);
        LOG.info("reconcile run {}: {} to {}{}", id, request.from(), request.to(), request.fix() ? ", fixing" : "");
    }

    /** Reads each line over the range and records where it differs; returns the changes to send (none unless fixing). */
    public List<Delivery> compare(Request request, @ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long runId) throws Exception {
        List<LineReads.Read> reads = lines.over(request.from(), request.to(), null);
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> fixes = new HashMap<>();
        List<String> unread = new ArrayList<>();
        for (LineReads.Read read : reads) {
            if (read.psa() == null) {
                unread.add(read.line() + ": " + read.unread());
                continue;
            }
            List<Drift> found = Drift.between(read.psa(), read.target(), request.from(), request.to());
            drifts.record(runId, read.line(), found);
            if (request.fix() && !found.isEmpty()) {
                NavigableMap<LocalDate, BigDecimal> dates = new TreeMap<>();
                Drift.fixDates(found, request.to()).forEach(date -> dates.put(date, read.target().floorEntry(date).getValue()));
                fixes.put(read.line(), dates);
            }
        }
        jdbc.update("UPDATE sync_run SET lines_compared = ?, summary = ?::jsonb WHERE id = ?",
                reads.size(), json.writeValueAsString(Map.of("unread", unread)), runId);
        return fixes.isEmpty() ? List.of() : ledger.planFixes(runId, fixes);
    }

    /** Closes the run; its report: the differences found, the lines not read, the changes and their outcome. */
    public Reconciliation finish(@ExchangeProperty(ExchangeProperties.RECONCILE_REQUEST) Request request,
            @ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long runId) throws Exception {
        int lines = (int) jdbc.queryLong("SELECT lines_compared FROM sync_run WHERE id = ?", runId);
        List<String> unread = new ArrayList<>();
        json.readTree(jdbc.query("SELECT summary::text FROM sync_run WHERE id = ?", rs -> rs.getString(1), runId).get(0))
                .path("unread").forEach(u -> unread.add(u.asText()));
        Reconciliation done = new Reconciliation(runId, request.from(), request.to(), request.fix(), lines,
                drifts.ofRun(runId), unread, planLines.ofRun(runId));
        jdbc.update("UPDATE sync_run SET status = 'succeeded', finished_at = now(), summary = ?::jsonb WHERE id = ?",
                json.writeValueAsString(Map.of("line", done.line(), "unread", unread)), runId);
        LOG.info(done.line());
        return done;
    }
}
