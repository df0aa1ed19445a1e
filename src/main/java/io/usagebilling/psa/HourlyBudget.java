package io.usagebilling.psa;

/** The PSA requests this integration may still send in the rolling hour. */
public interface HourlyBudget {

    /** Takes one request from the budget; false when it is spent (then nothing may be sent). */
    boolean tryTake();

    /** Requests left in the rolling hour. */
    long remaining();

    /** No limit: for tools and tests that talk to a simulator outside any sync. */
    static HourlyBudget unlimited() {
        return new HourlyBudget() {
            @Override
            public boolean tryTake() {
                return true;
            }

            @Override
            public long remaining() {
                return Long.MAX_VALUE;
            }
        };
    }
}
