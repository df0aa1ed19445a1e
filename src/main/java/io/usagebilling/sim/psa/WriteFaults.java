package io.usagebilling.sim.psa;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The faults a PSA simulator that keeps quantities (ConnectWise, Kaseya BMS) plays on its next writes,
 * one per write, in order.
 */
public abstract class WriteFaults implements SimulatedPsa {

    /** What the next write does instead of answering normally. */
    public enum Fault { HTTP_429, HTTP_500_AFTER_APPLY, RESET_AFTER_APPLY }

    private final Deque<Fault> faults = new ArrayDeque<>();

    @Override
    public synchronized void failNextWrite(Fault fault) {
        faults.add(fault);
    }

    @Override
    public synchronized void clearFaults() {
        faults.clear();
    }

    /** The fault the write being answered plays, or null. */
    protected synchronized Fault nextFault() {
        return faults.poll();
    }
}
