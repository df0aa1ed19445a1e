package io.usagebilling.intake;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.intake.normalize.JsonPageNormalizer;
import io.usagebilling.intake.normalize.SourcePage;
import java.nio.charset.StandardCharsets;

/** Normalizes one fetched page of a module's usage API and stores it in the module's collection. */
public final class PageIntake {

    private final UsageStore store;
    private final PolledSnapshots snapshots;

    public PageIntake(UsageStore store, PolledSnapshots snapshots) {
        this.store = store;
        this.snapshots = snapshots;
    }

    public SourcePage store(byte[] page, JsonPageNormalizer normalizer, PolledCollection collection, int pageIndex) {
        SourcePage normalized;
        try {
            normalized = normalizer.normalizeBody(page, collection.day());
        } catch (IllegalArgumentException e) {
            // The page as a whole is unreadable: keep it, and fail this module's collection for the day.
            store.quarantine(collection.syncRunId(), collection.day(), new RejectedRecord(collection.module(), null,
                    "unreadable page: " + e.getMessage(), new String(page, StandardCharsets.UTF_8)));
            throw e;
        }
        store(normalized, collection, pageIndex);
        return normalized;
    }

    /** A normalized page into the collection: its records stored, and what they hold remembered for its seal. */
    public void store(SourcePage normalized, PolledCollection collection, int pageIndex) {
        store.storeCollected(collection, pageIndex, normalized);
        snapshots.stored(collection, normalized.records());
    }
}
