package io.usagebilling.psa;

/** The PSA requests this integration may still send in the rolling hour. */
public interface HourlyBudget {

    /** Takes one request from the budget; false when it is spent (then nothing may be sent). */
    boolean tryTake();

    /** Requests left in the rolling hour. */
    long remaining();

    /**
     * Lowers what is left to at most {@code requestsLeft}, what the PSA says the whole tenant has left
     * (our share still applies below it); never raises it. Returns the requests this took.
     */
    long noMoreThan(long requestsLeft);
}
