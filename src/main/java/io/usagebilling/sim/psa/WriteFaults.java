package io.usagebilling.sim.psa;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The faults a PSA simulator that keeps quantities (ConnectWise, Kaseya BMS) plays on its next writes,
 * one per write, in order; and what such a simulator answers about its quantities.
 */
public abstract class WriteFaults implements AutoCloseable {

    /** What the next write does instead of answering normally. */
    public enum Fault { HTTP_429, HTTP_500_AFTER_APPLY, RESET_AFTER_APPLY }

    private final Deque<Fault> faults = new ArrayDeque<>();

    /** The quantity of a contract line (agreement and product, contract and service) in force that day. */
    public abstract BigDecimal quantityOn(long contractId, long serviceId, LocalDate day);

    /**
     * A person (or another tool) changes the line at the PSA by {@code unitChange} units, as the PSA's own
     * screens would on {@code day}; not counted as a request.
     */
    public abstract void handEdit(long contractId, long serviceId, LocalDate day, BigDecimal unitChange);

    public synchronized void failNextWrite(Fault fault) {
        faults.add(fault);
    }

    /** The PSA recovers: faults queued and not yet used are dropped. */
    public synchronized void clearFaults() {
        faults.clear();
    }

    /** The fault the write being answered plays, or null. */
    protected synchronized Fault nextFault() {
        return faults.poll();
    }

    @Override
    public abstract void close();
}
