package io.usagebilling.intake;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.intake.normalize.JsonPageNormalizer;
import io.usagebilling.intake.normalize.SourcePage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Normalizes one fetched page of a module's usage API and stores its records and rejections. */
public final class PageIntake {

    private final UsageStore store;

    public PageIntake(UsageStore store) {
        this.store = store;
    }

    public SourcePage store(byte[] page, JsonPageNormalizer normalizer, long syncRunId, String module, LocalDate usageDate) {
        SourcePage normalized;
        try {
            normalized = normalizer.normalize(new ByteArrayInputStream(page), usageDate);
        } catch (IllegalArgumentException e) {
            // The page as a whole is unreadable: keep it, and fail this module's collection for the day.
            store.quarantine(syncRunId, usageDate, new RejectedRecord(module, null,
                    "unreadable page: " + e.getMessage(), new String(page, StandardCharsets.UTF_8)));
            throw e;
        }
        store.store(syncRunId, module, usageDate, normalized);
        return normalized;
    }
}
