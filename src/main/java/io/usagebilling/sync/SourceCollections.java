package io.usagebilling.sync;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.intake.PolledCollection;
import io.usagebilling.intake.PolledSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each module's collection within a sync run. A module that fails is recorded with the
 * reason and its lines are not delivered that day; the other modules go on.
 */
public final class SourceCollections {

    private static final Logger LOG = LoggerFactory.getLogger(SourceCollections.class);

    private final SyncRuns runs;
    private final PolledSnapshots snapshots;
    private final TenantCalendar calendar;

    public SourceCollections(SyncRuns runs, PolledSnapshots snapshots, TenantCalendar calendar) {
        this.runs = runs;
        this.snapshots = snapshots;
        this.calendar = calendar;
    }

    /**
     * Starts the module's collection for the run's day; false when the day is settled without polling:
     * an API that answers with current counts is read for yesterday only (just after midnight, its
     * counts are yesterday's). An older day keeps what its own sync collected then, or, never collected,
     * is missing data: today's counts are never stored under an older date.
     */
    public boolean begin(
            Exchange exchange,
            @ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long syncRunId,
            @ExchangeProperty(ExchangeProperties.MODULE) String module,
            @ExchangeProperty(ExchangeProperties.SOURCE_BASE_URL) String sourceBaseUrl,
            @ExchangeProperty(ExchangeProperties.USAGE_DATE) LocalDate usageDate,
            @ExchangeProperty(ExchangeProperties.SERVES_PAST_DAYS) boolean servesPastDays) {
        exchange.setProperty(ExchangeProperties.COLLECTION, snapshots.begin(syncRunId, module, usageDate));
        if (sourceBaseUrl != null && sourceBaseUrl.isBlank()) {
            throw new IllegalStateException("module " + module + " has no base URL: set modules." + module + ".base-url");
        }
        if (servesPastDays || !usageDate.isBefore(calendar.yesterday())) {
            return true;
        }
        boolean kept = runs.keepEarlierCollection(syncRunId, module, usageDate);
        LOG.info("module {} answers with current counts only: {} is not polled again ({})", module, usageDate,
                kept ? "its earlier collection stands" : "never collected: missing data");
        return false;
    }

    /** The module's collection is complete: it becomes the module's usage (see PolledSnapshots). */
    public void succeed(@ExchangeProperty(ExchangeProperties.COLLECTION) PolledCollection collection) {
        snapshots.seal(collection);
    }

    /**
     * Worth retrying: the transport failed (a dropped connection, a timeout) or the server answered
     * 5xx. A page that arrived but cannot be read is bad data, retried or not, even when its parser
     * failed with an IOException underneath.
     */
    public boolean retryable(Exchange exchange) {
        Exception e = failure(exchange);
        return e instanceof IOException || e instanceof UncheckedIOException || status(e) >= 500;
    }

    /** The module refused the request for its rate limit (429): worth asking again, after a wait. */
    public boolean rateLimited(Exchange exchange) {
        return status(failure(exchange)) == 429;
    }

    public void fail(Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String module = exchange.getProperty(ExchangeProperties.MODULE, String.class);
        String reason = error == null ? "unknown error"
                : error.getClass().getSimpleName() + ": " + error.getMessage() + meaning(error);
        LOG.warn("module {} failed to collect: {}", module, reason);
        PolledCollection collection = exchange.getProperty(ExchangeProperties.COLLECTION, PolledCollection.class);
        if (collection != null) {
            snapshots.discard(collection);
        }
        runs.endCollection(exchange.getProperty(ExchangeProperties.SYNC_RUN_ID, Long.class), module, reason);
    }

    /** What a module's HTTP refusal means, for whoever reads the failed collection's reason. */
    private static String meaning(Exception error) {
        return switch (status(error)) {
            case 401 -> " (credentials refused)";
            case 403 -> " (forbidden, so the collection stopped: refused, or blocked for going on past the rate limit)";
            case 429 -> " (still over the rate limit after waiting sources.rate-limit-retries times)";
            default -> "";
        };
    }

    /** The failure being handled: an onWhen sees it as the caught exception. */
    private static Exception failure(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    /** The HTTP status a module's API refused a request with, or 0 for any other failure. */
    private static int status(Exception e) {
        return e instanceof HttpOperationFailedException http ? http.getStatusCode() : 0;
    }
}
