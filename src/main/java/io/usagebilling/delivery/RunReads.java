package io.usagebilling.delivery;

import io.usagebilling.delivery.DeliveryLedger.Delivery;
import io.usagebilling.domain.ContractLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One delivery run's PSA reads that serve more than one change: each planned line's units as read in
 * bulk before the first line (or, right after one of its changes, as read back or as the PSA answered the
 * change, over the line's later dates), good for its changes until the run changes it again; and the
 * changes sent as their line's last of the run, to be read back together at the end. Shared by the run's
 * threads; each line is only ever on one of them.
 */
final class RunReads {

    /** A change sent and not yet read back: the units it was sent against and the difference sent. */
    record Sent(Delivery delivery, BigDecimal before, BigDecimal change) {}

    private record Kept(NavigableMap<LocalDate, BigDecimal> units, LocalDate to) {}

    private final Map<ContractLine, Kept> fresh = new ConcurrentHashMap<>();
    private final Map<ContractLine, LocalDate> lastDate = new ConcurrentHashMap<>();
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();

    RunReads(List<Delivery> planned) {
        planned.forEach(d -> lastDate.merge(d.line(), d.effectiveDate(), (a, b) -> a.isAfter(b) ? a : b));
    }

    /** The last date the run has a change of the line for. */
    LocalDate lastDate(ContractLine line) {
        return lastDate.getOrDefault(line, LocalDate.MIN);
    }

    /** Units read since this run last changed the line, from their first date through {@code to}. */
    void keep(ContractLine line, NavigableMap<LocalDate, BigDecimal> units, LocalDate to) {
        fresh.put(line, new Kept(units, to));
    }

    /** The line's units as read and kept for it, if that read covers the change's date. */
    Optional<NavigableMap<LocalDate, BigDecimal>> covering(Delivery d) {
        Kept kept = fresh.get(d.line());
        if (kept == null || d.effectiveDate().isBefore(kept.units().firstKey()) || d.effectiveDate().isAfter(kept.to())) {
            return Optional.empty();
        }
        return Optional.of(kept.units());
    }

    /** The run is changing the line: what was read of it no longer holds. */
    void forget(ContractLine line) {
        fresh.remove(line);
    }

    void readBackLater(Sent change) {
        sent.add(change);
    }

    /** The changes waiting for their read-back, handed over once. */
    List<Sent> drainSent() {
        List<Sent> all = new ArrayList<>();
        for (Sent s; (s = sent.poll()) != null; ) {
            all.add(s);
        }
        return all;
    }
}
