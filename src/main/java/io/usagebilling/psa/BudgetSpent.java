package io.usagebilling.psa;

/**
 * Not sent: our share of the PSA's hourly requests is spent (or what the tenant has left of its hour
 * capped it). Deferred like a 429 that outlasted its retries, but ours, not the PSA failing: a circuit
 * breaker does not count it.
 */
public final class BudgetSpent extends PsaException {

    public BudgetSpent(String what) {
        super(Outcome.DEFERRED, what + ": the hourly PSA request budget is spent");
    }
}
