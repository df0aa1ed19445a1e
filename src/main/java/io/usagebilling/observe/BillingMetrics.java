package io.usagebilling.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The application's meters, in the Prometheus registry that Camel's own route metrics use too
 * (camel.metrics.*), served as text by {@code GET /observe/metrics}. Counters are
 * this instance's (Prometheus sums the instances); the last sync's duration and the PSA budget left
 * are read from PostgreSQL, so every instance reports the cluster's.
 */
public final class BillingMetrics {

    private final PrometheusMeterRegistry registry;
    private final String psaName;

    public BillingMetrics(PrometheusMeterRegistry registry, String psaName, DoubleSupplier psaBudgetLeft,
            DoubleSupplier lastSyncSeconds) {
        this.registry = registry;
        this.psaName = psaName;
        Gauge.builder("billing_psa_budget_left", psaBudgetLeft, DoubleSupplier::getAsDouble).description("PSA requests the shared hourly budget still allows")
                .tag("psa", psaName).register(registry);
        Gauge.builder("billing_sync_last_duration_seconds", lastSyncSeconds, DoubleSupplier::getAsDouble)
                .description("duration of the last finished daily sync run").register(registry);
    }

    /** A module's records stored and quarantined (polled, pushed or dropped). */
    public void records(String module, long stored, long quarantined) {
        Counter.builder("billing_records_ingested").description("usage records stored").tag("module", module)
                .register(registry).increment(stored);
        Counter.builder("billing_records_quarantined").description("records put in quarantine").tag("module", module)
                .register(registry).increment(quarantined);
    }

    public void syncFinished(long adjustments, boolean complete, List<String> missingModules, long drifts) {
        Counter.builder("billing_psa_drift").description("lines a daily sync found the PSA holding otherwise than delivered")
                .tag("psa", psaName).register(registry).increment(drifts);
        missingModules.forEach(module -> Counter.builder("billing_missing_data").description(
                "daily syncs in which a pushed module had sent nothing for the day").tag("module", module)
                .register(registry).increment());
        Counter.builder("billing_psa_adjustments_sent").description("adjustments sent to the PSA by daily syncs")
                .tag("psa", psaName).register(registry).increment(adjustments);
        Counter.builder("billing_sync_runs").description("daily sync runs finished")
                .tag("status", complete ? "succeeded" : "failed").register(registry).increment();
    }

    /** Answers the HTTP request: every meter in the Prometheus text format. */
    public void answer(Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        out.setBody(registry.scrape());
    }
}
