package io.usagebilling.app;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.sources.PageNormalizer;
import io.usagebilling.sources.PageUrls;
import io.usagebilling.sources.SourcePage;
import io.usagebilling.store.UsageStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Normalizes one fetched page with its module's normalizer and stores it; returns the next page's
 * URL (null after the last page) for the source route's paging loop.
 */
public final class PageIntake {

    /** Exchange property: the configured base URL of the module's API, set by its source route. */
    public static final String SOURCE_BASE_URL = "sourceBaseUrl";

    private final Map<String, PageNormalizer> normalizers;
    private final UsageStore store;

    public PageIntake(List<PageNormalizer> normalizers, UsageStore store) {
        this.normalizers = normalizers.stream().collect(Collectors.toMap(PageNormalizer::module, Function.identity()));
        this.store = store;
    }

    public String store(
            @Body byte[] page,
            @ExchangeProperty(SyncRunRecorder.SYNC_RUN_ID) long syncRunId,
            @ExchangeProperty(SourceCollections.MODULE) String module,
            @ExchangeProperty(SyncRunRecorder.USAGE_DATE) LocalDate usageDate,
            @ExchangeProperty(SOURCE_BASE_URL) String sourceBaseUrl) {
        PageNormalizer normalizer = normalizers.get(module);
        if (normalizer == null) {
            throw new IllegalStateException("no normalizer for module '" + module + "'");
        }
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
        if (normalized.nextPageUrl() != null) {
            // The link comes from the remote side and our credentials follow it: it must stay on our origin.
            PageUrls.requireSameOrigin(normalized.nextPageUrl(), sourceBaseUrl);
        }
        return normalized.nextPageUrl();
    }
}
