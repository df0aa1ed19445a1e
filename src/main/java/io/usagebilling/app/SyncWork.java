package io.usagebilling.app;

import io.usagebilling.store.SyncRuns;
import io.usagebilling.store.WorkUnits;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily sync's collection as units shared by every instance (see {@link WorkUnits}): the run's
 * owner claims units until none is left, waiting for those other instances hold; any instance's
 * {@code sync-worker} route claims units of any running run. Each done unit logs the run's progress.
 */
public final class SyncWork {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWork.class);

    private final WorkUnits units;
    private final SyncRuns runs;
    private final BillingMetrics metrics;
    private final Duration poll;

    public SyncWork(WorkUnits units, SyncRuns runs, BillingMetrics metrics, Duration poll) {
        this.units = units;
        this.runs = runs;
        this.metrics = metrics;
        this.poll = poll;
    }

    /**
     * The next module of this exchange's run to collect, or null once every unit is done; while the
     * remaining units are held by other instances it waits (and claims any whose lease runs out).
     */
    public String claimNext(@ExchangeProperty(SyncRunRecorder.SYNC_RUN_ID) long syncRunId) throws InterruptedException {
        while (true) {
            Optional<WorkUnits.Unit> unit = units.claim(syncRunId);
            if (unit.isPresent()) {
                return unit.get().module();
            }
            WorkUnits.Progress progress = units.progress(syncRunId);
            if (progress.done() == progress.total()) {
                return null;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** Claims a unit of any running run for this exchange (run, date, module properties), or returns null. */
    public String claimAny(Exchange exchange) {
        Optional<WorkUnits.Unit> unit = units.claim(null);
        unit.ifPresent(u -> {
            exchange.setProperty(SyncRunRecorder.SYNC_RUN_ID, u.syncRunId());
            exchange.setProperty(SyncRunRecorder.USAGE_DATE, u.usageDate());
            LOG.info("instance {} collects {} for sync run {}", units.instance(), u.module(), u.syncRunId());
        });
        return unit.map(WorkUnits.Unit::module).orElse(null);
    }

    /** Checkpoint: the module's collection (succeeded or failed) is done and is never collected again in this run. */
    public void done(@ExchangeProperty(SyncRunRecorder.SYNC_RUN_ID) long syncRunId,
            @ExchangeProperty(SourceCollections.MODULE) String module) {
        units.done(syncRunId, module);
        metrics.collected(module, runs.collection(syncRunId, module));
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
