package io.usagebilling.mapping;

import io.usagebilling.psa.PsaDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps PostgreSQL's copy of the PSA's companies and contracts fresh enough: read again when older
 * than the configured age, or on request. A PSA whose adapter cannot list them (none yet) leaves
 * the companies of organizations.yaml as the only ones.
 */
public final class CompanyCache {

    private final PsaDirectory psa;
    private final CompanyDirectory store;
    private final Duration maxAge;
    private final Clock clock;
    private Instant refreshedAt;

    public CompanyCache(PsaDirectory psa, CompanyDirectory store, Duration maxAge, Clock clock) {
        this.psa = psa;
        this.store = store;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Reads the PSA's companies and contracts now; returns "companies=N contracts=M". */
    public synchronized String refresh() {
        if (psa == null) {
            throw new IllegalStateException("this PSA's adapter does not list companies yet; they come from organizations.yaml");
        }
        int[] counts = store.refresh(psa.companies(), psa.contracts());
        refreshedAt = clock.instant();
        return "companies=" + counts[0] + " contracts=" + counts[1];
    }

    /** Refreshes when the copy is older than the configured age; nothing when the PSA cannot list them. */
    public synchronized void refreshIfStale() {
        if (psa != null && (refreshedAt == null || refreshedAt.plus(maxAge).isBefore(clock.instant()))) {
            refresh();
        }
    }

    public CompanyDirectory store() {
        return store;
    }
}
