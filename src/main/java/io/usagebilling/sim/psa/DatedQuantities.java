package io.usagebilling.sim.psa;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The quantities of a simulated PSA that keeps a contract line as dated rows (ConnectWise's agreement
 * additions, HaloPSA's recurring-invoice lines): each row from its start through its end (null: open),
 * the units on a day the sum of the rows in force. Not thread-safe: the simulator holds its own lock.
 */
public final class DatedQuantities {

    /** One row of a contract's line, as the PSA holds it. */
    public record Row(long id, long contractId, long serviceId, BigDecimal quantity, LocalDate start, LocalDate end) {
        boolean inForceOn(LocalDate day) {
            return !start.isAfter(day) && (end == null || !end.isBefore(day));
        }

        Row withQuantity(BigDecimal newQuantity) {
            return new Row(id, contractId, serviceId, newQuantity, start, end);
        }

        Row withEnd(LocalDate newEnd) {
            return new Row(id, contractId, serviceId, quantity, start, newEnd);
        }
    }

    private final Map<Long, Row> rows = new TreeMap<>();
    private long nextId;

    /** @param firstId the id the first row gets (each PSA numbers its own way) */
    DatedQuantities(long firstId) {
        nextId = firstId;
    }

    Row add(long contractId, long serviceId, BigDecimal quantity, LocalDate start, LocalDate end) {
        Row row = new Row(nextId++, contractId, serviceId, quantity, start, end);
        rows.put(row.id(), row);
        return row;
    }

    /** Replaces the row with the same id. */
    void put(Row row) {
        rows.put(row.id(), row);
    }

    Optional<Row> get(long id) {
        return Optional.ofNullable(rows.get(id));
    }

    void remove(long id) {
        rows.remove(id);
    }

    List<Row> all() {
        return List.copyOf(rows.values());
    }

    List<Row> ofContract(long contractId) {
        return rows.values().stream().filter(r -> r.contractId() == contractId).toList();
    }

    BigDecimal unitsOn(long contractId, long serviceId, LocalDate day) {
        return rows.values().stream().filter(r -> r.contractId() == contractId && r.serviceId() == serviceId && r.inForceOn(day))
                .map(Row::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * A person edits the line on the PSA's screen: the quantity of the row in force that day, over the
     * row's whole span; with none in force, a row from that day until the next one starts.
     */
    void handEdit(long contractId, long serviceId, LocalDate day, BigDecimal unitChange) {
        Optional<Row> inForce = rows.values().stream()
                .filter(r -> r.contractId() == contractId && r.serviceId() == serviceId && r.inForceOn(day)).findFirst();
        if (inForce.isPresent()) {
            put(inForce.get().withQuantity(inForce.get().quantity().add(unitChange)));
            return;
        }
        LocalDate until = rows.values().stream()
                .filter(r -> r.contractId() == contractId && r.serviceId() == serviceId && r.start().isAfter(day))
                .map(r -> r.start().minusDays(1)).min(LocalDate::compareTo).orElse(null);
        add(contractId, serviceId, unitChange, day, until);
    }
}
