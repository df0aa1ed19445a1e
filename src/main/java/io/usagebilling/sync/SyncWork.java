package io.usagebilling.sync;

import io.usagebilling.observe.BillingMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily sync's collection as units shared by every instance (see {@link WorkUnits}): the run's
 * owner claims units until none is left, waiting for those other instances hold; any instance's
 * {@code sync-worker} route helps: it claims units of any running run. Each done unit logs the run's progress.
 */
public final class SyncWork {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWork.class);

    private static final Duration WAIT_FOR_OTHERS = Duration.ofMillis(200);

    private final WorkUnits units;
    private final SyncRuns runs;
    private final BillingMetrics metrics;
    private final Duration poll;

    private final int collectors;

    public SyncWork(WorkUnits units, SyncRuns runs, BillingMetrics metrics, Duration poll, int collectors) {
        if (collectors < 1) {
            throw new IllegalArgumentException("billing.sync.collectors must be at least 1, not " + collectors);
        }
        this.units = units;
        this.runs = runs;
        this.metrics = metrics;
        this.poll = poll;
        this.collectors = collectors;
    }

    /** One entry per collector the daily sync runs side by side (routes/sync/collect-units). */
    public List<Integer> collectors() {
        return IntStream.rangeClosed(1, collectors).boxed().toList();
    }

    /**
     * The next module to collect, or null when there is none (routes/sync/collect-units). A helping
     * collector (the service's sync-worker) claims a unit of any running run and moves the exchange to
     * that run; the daily sync's own collectors claim units of their run until every unit is done,
     * waiting while other instances hold the rest (and claiming any whose lease runs out).
     */
    public String claim(Exchange exchange) throws InterruptedException {
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.HELPING, Boolean.class))) {
            return claimAny(exchange);
        }
        return claimNext(exchange.getProperty(ExchangeProperties.SYNC_RUN_ID, Long.class));
    }

    private String claimNext(long syncRunId) throws InterruptedException {
        while (true) {
            Optional<WorkUnits.Unit> unit = units.claim(syncRunId);
            if (unit.isPresent()) {
                return unit.get().module();
            }
            WorkUnits.Progress progress = units.progress(syncRunId);
            if (progress.done() == progress.total()) {
                return null;
            }
            // the rest is being collected (by another collector here, or another instance): look again soon
            Thread.sleep(Math.min(poll.toMillis(), WAIT_FOR_OTHERS.toMillis()));
        }
    }

    private String claimAny(Exchange exchange) {
        Optional<WorkUnits.Unit> unit = units.claim(null);
        unit.ifPresent(u -> {
            exchange.setProperty(ExchangeProperties.SYNC_RUN_ID, u.syncRunId());
            exchange.setProperty(ExchangeProperties.USAGE_DATE, u.usageDate());
            LOG.info("instance {} collects {} for sync run {}", units.instance(), u.module(), u.syncRunId());
        });
        return unit.map(WorkUnits.Unit::module).orElse(null);
    }

    /** Checkpoint: the module's collection (succeeded or failed) is done and is never collected again in this run. */
    public void done(@ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long syncRunId,
            @ExchangeProperty(ExchangeProperties.MODULE) String module) {
        units.done(syncRunId, module);
        SyncRuns.Collected collected = runs.collection(syncRunId, module);
        metrics.records(module, collected.stored(), collected.quarantined());
        LOG.info("sync run {}: {} collected; {}", syncRunId, module, progress(units.progress(syncRunId)));
    }

    public void renewLeases() {
        units.renewLeases();
    }

    /** "3/20 units done (15%), elapsed 12s, eta 68s": the eta is the remaining units at the pace of those done. */
    static String progress(WorkUnits.Progress p) {
        String eta = p.done() == 0 ? "unknown"
                : p.elapsed().multipliedBy(p.total() - p.done()).dividedBy(p.done()).toSeconds() + "s";
        return p.done() + "/" + p.total() + " units done (" + (p.total() == 0 ? 100 : p.done() * 100 / p.total())
                + "%), elapsed " + p.elapsed().toSeconds() + "s, eta " + eta;
    }
}
