package io.usagebilling.delivery;

import io.usagebilling.delivery.DeliveryLedger.Delivery;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

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

    /**
     * Each change's units before it, as this run last read its line, else read now: the lines in one bulk
     * read when there are several, a line that read leaves out alone (to learn why).
     *
     * @param failed where a change whose line could not be read is put, with why
     */
    Map<Delivery, NavigableMap<LocalDate, BigDecimal>> unitsBefore(ContractUnits psa, List<Delivery> changes,
            Map<Delivery, PsaException> failed) {
        Map<Delivery, NavigableMap<LocalDate, BigDecimal>> units = new LinkedHashMap<>();
        List<Delivery> unread = new ArrayList<>();
        changes.forEach(d -> covering(d).ifPresentOrElse(u -> units.put(d, u), () -> unread.add(d)));
        if (unread.size() > 1) {
            TreeSet<LocalDate> dates = dates(unread);
            try {
                Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> together =
                        psa.unitsBetween(unread.stream().map(Delivery::line).toList(), dates.first(), dates.last());
                unread.stream().filter(d -> together.containsKey(d.line())).forEach(d -> units.put(d, together.get(d.line())));
                unread.removeIf(units::containsKey);
            } catch (PsaException e) {
                unread.forEach(d -> failed.put(d, e));
                return units;
            }
        }
        for (Delivery d : unread) {
            try {
                units.put(d, psa.unitsBetween(d.line(), d.effectiveDate(), d.effectiveDate()));
            } catch (PsaException e) {
                failed.put(d, e);
            }
        }
        return units;
    }

    /** The changes' dates, in order. */
    static TreeSet<LocalDate> dates(List<Delivery> changes) {
        return changes.stream().map(Delivery::effectiveDate).collect(Collectors.toCollection(TreeSet::new));
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
