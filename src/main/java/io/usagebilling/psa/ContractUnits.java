package io.usagebilling.psa;

import io.usagebilling.domain.ContractLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The PSA's quantity of a contract service line, read fresh and changed by a signed adjustment.
 * One implementation per PSA; callers never know which PSA (or simulator) is behind it.
 */
public interface ContractUnits {

    /** Units of the line in the PSA's unit period that covers {@code date} (a fresh read, never cached). */
    default BigDecimal unitsOn(ContractLine line, LocalDate date) {
        return unitsBetween(line, date, date).get(date);
    }

    /**
     * The line's units from {@code from} to {@code to} (both included) as a step function, each key the
     * first date of a run of equal units and the first key {@code from}: one fresh read of the line's
     * rows (all pages), however long the range (see {@link UnitSteps}).
     */
    NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, LocalDate from, LocalDate to);

    /**
     * Many lines' units over one range as {@link #unitsBetween(ContractLine, LocalDate, LocalDate)} gives
     * each, in as few requests as the PSA allows (Autotask: many contracts per query). A line the PSA
     * does not answer for in whole (not on its contract, a row unreadable) is left out: the caller reads it
     * alone and learns why. This default reads line by line.
     *
     * @throws PsaException when the PSA failed (not when it refused a line): nothing is known of any line
     */
    default Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> unitsBetween(Collection<ContractLine> lines,
            LocalDate from, LocalDate to) {
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> units = new LinkedHashMap<>();
        for (ContractLine line : lines) {
            try {
                units.put(line, unitsBetween(line, from, to));
            } catch (PsaException e) {
                if (e.outcome() != PsaException.Outcome.REJECTED) {
                    throw e;
                }
            }
        }
        return units;
    }

    /**
     * Sends one create-only adjustment of {@code unitChange} units effective on the tenant-local
     * {@code effectiveDate}. Never retried here: a retried create counts twice.
     *
     * @throws PsaException with {@link PsaException.Outcome#REJECTED} or {@link PsaException.Outcome#DEFERRED}
     *     when the PSA certainly did not apply it, {@link PsaException.Outcome#UNKNOWN} when it may have
     *     (timeout, reset, 5xx)
     */
    void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange);

    /**
     * As {@link #adjust(ContractLine, LocalDate, BigDecimal)}, the change worked out from {@code read}: the
     * line's units as this run last read them (its bulk read, or the read-back of its previous change), over
     * a range that covers {@code effectiveDate}. An adapter whose write needs the line's state (Kaseya BMS's
     * absolute quantity, ConnectWise's addition in force) takes it from there instead of reading again; one
     * whose write is a plain difference (Autotask) has no use for it, as this default.
     */
    default void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange,
            NavigableMap<LocalDate, BigDecimal> read) {
        adjust(line, effectiveDate, unitChange);
    }

    /**
     * One change to send, as {@link #adjust(ContractLine, LocalDate, BigDecimal, NavigableMap)} takes it;
     * {@code through}: the line's last date in this run, how far its answered units should reach.
     */
    record Adjustment(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange,
            NavigableMap<LocalDate, BigDecimal> read, LocalDate through) {}

    /**
     * What became of one adjustment: the line's units from its effective date through its {@code through}
     * as the PSA's answer shows them (empty: the answer shows none, read them back), or why it failed.
     */
    record Adjusted(Optional<NavigableMap<LocalDate, BigDecimal>> answer, PsaException failure) {

        public static Adjusted answered(Optional<NavigableMap<LocalDate, BigDecimal>> answer) {
            return new Adjusted(answer, null);
        }

        public static Adjusted failed(PsaException failure) {
            return new Adjusted(Optional.empty(), failure);
        }
    }

    /**
     * Whether a write carries a whole contract (HaloPSA's recurring invoice): the delivery then sends the
     * changes of one contract's lines together ({@link #adjust(List)}) and reads each contract just before,
     * instead of all of them ahead of the first write.
     */
    default boolean writesContractsWhole() {
        return false;
    }

    /**
     * Sends the adjustments, each of a different line, in as few writes as the PSA allows, and tells what
     * became of each, in order. A PSA that answers a write with the record as saved (HaloPSA's invoice) gives
     * the units it shows, which spare a change's read-back when they show its target. This default sends
     * one write per adjustment and answers nothing (the delivery gives it one adjustment at a time).
     */
    default List<Adjusted> adjust(List<Adjustment> adjustments) {
        List<Adjusted> done = new ArrayList<>();
        for (Adjustment a : adjustments) {
            try {
                adjust(a.line(), a.effectiveDate(), a.unitChange(), a.read());
                done.add(Adjusted.answered(Optional.empty()));
            } catch (PsaException e) {
                done.add(Adjusted.failed(e));
            }
        }
        return done;
    }

    /**
     * Called once by a delivery run with something planned, before its first line: where an adapter
     * learns the PSA's own limits (Autotask: what the tenant has left of its hour caps our budget).
     * Never throws: a failure is the adapter's to log, and the run goes on with the budget as it was.
     */
    default void beforeDelivery() {
    }

    /** The transport every request of this adapter goes through. */
    PsaHttp http();

    /** What this adapter has sent since it was created: requests (reads and writes), 429s, retries. */
    default PsaTraffic traffic() {
        return http().traffic();
    }

    /** Requests the shared hourly budget still allows. */
    default long budgetLeft() {
        return http().budgetLeft();
    }
}
