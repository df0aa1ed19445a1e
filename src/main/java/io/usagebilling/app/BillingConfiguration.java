package io.usagebilling.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.usagebilling.api.ApiCalls;
import io.usagebilling.api.ApiTokens;
import io.usagebilling.api.InvoiceApi;
import io.usagebilling.api.MappingApi;
import io.usagebilling.api.OversizedRequests;
import io.usagebilling.api.QuarantineApi;
import io.usagebilling.api.ReconcileApi;
import io.usagebilling.api.RestApi;
import io.usagebilling.api.SyncApi;
import io.usagebilling.api.TokenApi;
import io.usagebilling.api.UnitsApi;
import io.usagebilling.console.ConsoleAssets;
import io.usagebilling.delivery.DailyUnits;
import io.usagebilling.delivery.DeliveryLedger;
import io.usagebilling.delivery.DriftLog;
import io.usagebilling.delivery.HeldPlans;
import io.usagebilling.delivery.PlanLines;
import io.usagebilling.delivery.PsaDelivery;
import io.usagebilling.delivery.PsaSendingLock;
import io.usagebilling.delivery.Reconciler;
import io.usagebilling.domain.Money;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.intake.CallbackIntake;
import io.usagebilling.intake.CallbackReplays;
import io.usagebilling.intake.CallbackSignature;
import io.usagebilling.intake.DropFolders;
import io.usagebilling.intake.PageIntake;
import io.usagebilling.intake.PolledSnapshots;
import io.usagebilling.intake.QuarantinedRecords;
import io.usagebilling.intake.UsageStore;
import io.usagebilling.invoicing.CsvExports;
import io.usagebilling.invoicing.ExportRows;
import io.usagebilling.invoicing.InvoiceDocument;
import io.usagebilling.invoicing.InvoiceDocuments;
import io.usagebilling.invoicing.InvoiceStore;
import io.usagebilling.invoicing.LineExplainer;
import io.usagebilling.invoicing.LineExplanations;
import io.usagebilling.invoicing.MonthClose;
import io.usagebilling.licenses.Activations;
import io.usagebilling.licenses.LicenseStore;
import io.usagebilling.mapping.CompanyCache;
import io.usagebilling.mapping.CompanyDirectory;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.MappingStore;
import io.usagebilling.mapping.PriceFiles;
import io.usagebilling.observe.BillingMetrics;
import io.usagebilling.observe.HealthReport;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.store.Database;
import io.usagebilling.store.DatabaseSettings;
import io.usagebilling.sync.AutoMapper;
import io.usagebilling.sync.DailyQuantities;
import io.usagebilling.sync.EarlierDays;
import io.usagebilling.sync.LastRuns;
import io.usagebilling.sync.ModuleOutcomes;
import io.usagebilling.sync.SourceCollections;
import io.usagebilling.sync.SyncRunRecorder;
import io.usagebilling.sync.SyncRuns;
import io.usagebilling.sync.SyncWork;
import io.usagebilling.sync.UnmappedReport;
import io.usagebilling.sync.WorkUnits;
import io.usagebilling.totals.UsageTotals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Currency;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Builds the beans the routes call, from {@code application.properties}. The database is opened
 * and the mapping files are validated here, so a wrong setting stops start-up before any route runs.
 */
public class BillingConfiguration implements CamelConfiguration {

    /** JSON of the REST API: ISO dates, plain decimals. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** The name camel-micrometer-prometheus looks its registry up by. */
    private static final String METRICS_REGISTRY = "metricsRegistry";

    @PropertyInject("billing.db.url")
    private String dbUrl;

    @PropertyInject("billing.db.user")
    private String dbUser;

    @PropertyInject("billing.db.password")
    private String dbPassword;

    @PropertyInject("billing.data-dir")
    private String dataDir;

    @PropertyInject("billing.db.durable")
    private boolean dbDurable;

    @PropertyInject("billing.mappings-dir")
    private String mappingsDir;

    @PropertyInject("billing.drop-dir")
    private String dropDir;

    @PropertyInject("billing.drop-take-in-seconds")
    private long dropTakeInSeconds;

    @PropertyInject("billing.time-zone")
    private String timeZone;

    @PropertyInject("billing.pushed-cutoff-hours")
    private int pushedCutoffHours;

    @PropertyInject("mapping.backbill")
    private boolean backbill;

    @PropertyInject("callbacks.max-body-bytes")
    private long callbackMaxBytes;

    @PropertyInject("billing.currency")
    private String currency;

    @PropertyInject("billing.minimum-monthly")
    private String minimumMonthly;

    @PropertyInject("mapping.company-cache-minutes")
    private long companyCacheMinutes;

    @PropertyInject("mapping.auto-map-exact")
    private boolean autoMapExact;

    @PropertyInject("billing.instance-id")
    private String instanceId;

    @PropertyInject("billing.cluster.lease-seconds")
    private long leaseSeconds;

    @PropertyInject("billing.cluster.work-poll-ms")
    private long workPollMs;

    @PropertyInject("billing.sync.collectors")
    private int syncCollectors;

    @PropertyInject("billing.seller.name")
    private String sellerName;

    @PropertyInject("billing.seller.address")
    private String sellerAddress;

    @PropertyInject("psa.delivery.threads")
    private int deliveryThreads;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        HttpPortFree.require(camelContext.getPropertiesComponent());
        Database database = Database.open(new DatabaseSettings(
                blankToNull(dbUrl), blankToNull(dbUser), blankToNull(dbPassword), Path.of(dataDir), dbDurable));
        try {
            QuartzJobStore.configure(camelContext, database.dataSource());
            bindBeans(camelContext, database.dataSource(),
                    new PsaWiring(camelContext.getPropertiesComponent(), database.dataSource()));
        } catch (RuntimeException e) {
            database.close(); // the context never started, so it will not stop the database either
            throw e;
        }
        camelContext.addStartupListener(new OversizedRequests());
        camelContext.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        });
    }

    private void bindBeans(CamelContext camelContext, DataSource ds, PsaWiring psaWiring) {
        Registry registry = camelContext.getRegistry();
        Beans.bind(registry, DataSource.class, ds);
        MappingLoader mappings = Beans.bind(registry, new MappingLoader(Path.of(mappingsDir), new MappingStore(ds)));
        ContractUnits psa = Beans.bind(registry, ContractUnits.class, psaWiring.contractUnits());
        TenantCalendar calendar = Beans.bind(registry, TenantCalendar.of(timeZone));
        SyncRuns runs = new SyncRuns(ds);
        BillingMetrics metrics = Beans.bind(registry, new BillingMetrics(meterRegistry(registry), psaWiring.psaName(),
                psa::budgetLeft, runs::lastDurationSeconds));
        WorkUnits work = new WorkUnits(ds, instanceId(), Duration.ofSeconds(leaseSeconds));
        Beans.bind(registry, new SyncRunRecorder(runs, work, metrics, psa, psaWiring.psaName(), mappings, calendar));
        Beans.bind(registry, new SyncWork(work, runs, metrics, Duration.ofMillis(workPollMs), syncCollectors));
        Beans.bind(registry, new HealthReport(ds,
                () -> camelContext.getComponent("quartz", QuartzComponent.class).getScheduler(),
                psaWiring.psaName(), psaWiring.endpoint()));
        PolledSnapshots snapshots = Beans.bind(registry, new PolledSnapshots(ds));
        Beans.bind(registry, new SourceCollections(runs, snapshots, calendar));
        Beans.bind(registry, new ModuleOutcomes());
        UsageStore usage = Beans.bind(registry, new UsageStore(ds));
        Beans.bind(registry, new UsageTotals(ds));
        Beans.bind(registry, new DropFolders(Path.of(dropDir), mappings, Duration.ofSeconds(dropTakeInSeconds)));
        Beans.bind(registry, new PageIntake(usage, snapshots));
        Beans.bind(registry, new CallbackIntake(mappings,
                module -> camelContext.getPropertiesComponent().resolveProperty("callbacks." + module + ".secret"),
                new CallbackReplays(ds, CallbackSignature.MAX_SKEW.multipliedBy(2)), usage, calendar,
                Clock.systemUTC(), callbackMaxBytes, metrics));
        Beans.bind(registry, new DailyQuantities(ds, calendar.zone(), Duration.ofHours(pushedCutoffHours)));
        Beans.bind(registry, new EarlierDays(ds, backbill));
        DeliveryLedger ledger = Beans.bind(registry, new DeliveryLedger(ds, psaWiring.psaName()));
        DriftLog drifts = Beans.bind(registry, new DriftLog(ds, psaWiring.psaName()));
        PlanLines planLines = Beans.bind(registry, new PlanLines(ds, psaWiring.psaName()));
        Beans.bind(registry, new PsaDelivery(psa, ledger, psaWiring.approvalRule(), drifts));
        Beans.bind(registry, new PsaSendingLock(ds, psaWiring.psaName()));
        Beans.bind(registry, new Reconciler(ds, psa, ledger, planLines, drifts, calendar));
        // made by Camel's manager, which shuts it down with the context
        registry.bind("psaDeliveryThreads",
                camelContext.getExecutorServiceManager().newFixedThreadPool(this, "psa-delivery", deliveryThreads));
        ApiTokens tokens = Beans.bind(registry, new ApiTokens(ds));
        ApiCalls calls = new ApiCalls(tokens, JSON);
        Beans.bind(registry, new TokenApi(calls, tokens));
        Beans.bind(registry, new ConsoleAssets());
        Beans.bind(registry, new QuarantineApi(calls, new QuarantinedRecords(ds)));
        bindInvoicing(registry, ds, mappings, calls, calendar);
        CompanyCache companies = Beans.bind(registry, new CompanyCache(PsaWiring.directory(psa), new CompanyDirectory(ds),
                Duration.ofMinutes(companyCacheMinutes), Clock.systemUTC()));
        Beans.bind(registry, new AutoMapper(ds, companies, autoMapExact));
        UnmappedReport unmapped = Beans.bind(registry, new UnmappedReport(ds,
                () -> PriceFiles.load(Path.of(mappingsDir), mappings.reloadIfChanged()), Currency.getInstance(currency)));
        Beans.bind(registry, new MappingApi(calls, ds, mappings, Path.of(mappingsDir), companies, unmapped));
        RouteCommands commands = Beans.bind(registry, new RouteCommands(camelContext.createProducerTemplate(), ledger, planLines, ds));
        Beans.bind(registry, new ReconcileApi(calls, calendar, commands::reconcile));
        Beans.bind(registry, new SyncApi(calls, calendar, commands, new LastRuns(ds), planLines,
                new HeldPlans(ds, psaWiring.psaName())));
        Beans.bind(registry, new UnitsApi(calls, calendar, new DailyUnits(ds, psa), companies));
    }

    /** The month close; prices.yaml is validated here so a wrong price stops start-up like any mapping file. */
    private void bindInvoicing(Registry registry, DataSource ds, MappingLoader mappings, ApiCalls calls,
                               TenantCalendar calendar) {
        PriceFiles.load(Path.of(mappingsDir), mappings.reloadIfChanged());
        Money minimum;
        try {
            minimum = Money.of(minimumMonthly, currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("billing.currency / billing.minimum-monthly: '" + currency + "' / '"
                    + minimumMonthly + "' is not an ISO currency and an amount in it (" + e.getMessage() + ")");
        }
        LicenseStore licenses = new LicenseStore(ds);
        MonthClose monthClose = new MonthClose(new InvoiceStore(ds), licenses, mappings, Path.of(mappingsDir), minimum,
                calendar);
        ExportRows rows = new ExportRows(ds, licenses);
        CsvExports exports = new CsvExports(rows, calendar);
        LineExplainer explainer = new LineExplainer(new LineExplanations(ds), mappings, Path.of(mappingsDir));
        Beans.bind(registry, licenses);
        Beans.bind(registry, monthClose);
        Beans.bind(registry, exports);
        Beans.bind(registry, explainer);
        Beans.bind(registry, new InvoiceApi(calls, new InvoiceDocuments(ds, rows,
                new InvoiceDocument.Seller(sellerName, Arrays.stream(sellerAddress.split("\\|")).map(String::strip)
                        .filter(line -> !line.isEmpty()).toList()))));
        Beans.bind(registry, new RestApi(calls, licenses, new Activations(ds),
                monthClose, explainer, exports, rows, TenantCalendar.of(timeZone),
                () -> PriceFiles.load(Path.of(mappingsDir), mappings.reloadIfChanged())));
    }

    /** Camel's metrics registry when camel.metrics.enabled made one, so both are served together; else a new one. */
    private static PrometheusMeterRegistry meterRegistry(Registry registry) {
        PrometheusMeterRegistry camels = registry.lookupByNameAndType(METRICS_REGISTRY, PrometheusMeterRegistry.class);
        if (camels != null) {
            return camels;
        }
        PrometheusMeterRegistry ours = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bind(METRICS_REGISTRY, ours);
        return ours;
    }

    /** This instance's name in work units and sync runs: billing.instance-id, else host, process id and a nonce. */
    private String instanceId() {
        if (blankToNull(instanceId) != null) {
            return instanceId.strip();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
