package io.usagebilling.sync;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.observe.BillingMetrics;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaTraffic;
import java.time.LocalDate;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens and closes a daily sync run; its summary is the reply of {@code direct:sync-day}. */
public final class SyncRunRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunRecorder.class);

    private final SyncRuns runs;
    private final WorkUnits work;
    private final BillingMetrics metrics;
    private final ContractUnits psa;
    private final MappingLoader mappings;
    private final String psaName;
    private final TenantCalendar calendar;

    public SyncRunRecorder(SyncRuns runs, WorkUnits work, BillingMetrics metrics, ContractUnits psa, String psaName,
            MappingLoader mappings, TenantCalendar calendar) {
        this.runs = runs;
        this.work = work;
        this.metrics = metrics;
        this.psa = psa;
        this.psaName = psaName;
        this.mappings = mappings;
        this.calendar = calendar;
    }

    /**
     * The message body is the tenant-local usage date to sync, a day that is over. A run of that day
     * left running by an instance that died is resumed: its done units are not collected again.
     */
    public void start(Exchange exchange) throws InvalidPayloadException {
        LocalDate usageDate = exchange.getMessage().getMandatoryBody(LocalDate.class);
        calendar.requireOver(usageDate);
        mappings.reloadIfChanged();
        long id = work.openRun(usageDate, mappings.pollModules());
        exchange.setProperty(ExchangeProperties.SYNC_RUN_ID, id);
        exchange.setProperty(ExchangeProperties.USAGE_DATE, usageDate);
        exchange.setProperty(ExchangeProperties.PSA_TRAFFIC_AT_START, psa.traffic());
        LOG.info("sync run {} for {} on instance {}: {}", id, usageDate, work.instance(),
                SyncWork.progress(work.progress(id)));
    }

    public SyncSummary finish(
            @ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) long syncRunId, @ExchangeProperty(ExchangeProperties.PSA_TRAFFIC_AT_START) PsaTraffic atStart) {
        SyncSummary summary = runs.summarize(syncRunId,
                new SyncSummary.PsaSide(psaName, psa.traffic().since(atStart), psa.budgetLeft()));
        runs.finish(syncRunId, summary);
        metrics.syncFinished(summary.adjustments(), summary.complete(), summary.missingModules(), summary.drifts());
        LOG.info(summary.line());
        return summary;
    }

    /** Records why a run stopped; the exception still reaches the caller. */
    public void fail(@ExchangeProperty(ExchangeProperties.SYNC_RUN_ID) Long syncRunId, Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (syncRunId != null) {
            runs.fail(syncRunId, error == null ? "unknown error" : error.getMessage());
        }
    }
}
