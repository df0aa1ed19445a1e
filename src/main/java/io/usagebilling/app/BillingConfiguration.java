package io.usagebilling.app;

import io.usagebilling.domain.ApprovalRule;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaHttp;
import io.usagebilling.psa.autotask.AutotaskContractUnits;
import io.usagebilling.psa.bms.BmsContractUnits;
import io.usagebilling.psa.connectwise.ConnectWiseContractUnits;
import io.usagebilling.sources.DattoRmmSitesNormalizer;
import io.usagebilling.store.DailyQuantities;
import io.usagebilling.store.Database;
import io.usagebilling.store.DatabaseSettings;
import io.usagebilling.store.DeliveryLedger;
import io.usagebilling.store.MappingStore;
import io.usagebilling.store.PsaRequestBudget;
import io.usagebilling.store.SyncRuns;
import io.usagebilling.store.UsageStore;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Builds the beans the routes call, from {@code application.properties}. The database is opened
 * and the mapping files are validated here, so a wrong setting stops start-up before any route runs.
 */
public class BillingConfiguration implements CamelConfiguration {

    @PropertyInject("billing.db.url")
    private String dbUrl;

    @PropertyInject("billing.db.user")
    private String dbUser;

    @PropertyInject("billing.db.password")
    private String dbPassword;

    @PropertyInject("billing.data-dir")
    private String dataDir;

    @PropertyInject("billing.mappings-dir")
    private String mappingsDir;

    @PropertyInject("billing.time-zone")
    private String timeZone;

    @PropertyInject("billing.psa")
    private String psaName;

    @PropertyInject("psa.timeout-seconds")
    private int psaTimeoutSeconds;

    @PropertyInject("psa.budget.requests-per-hour")
    private long psaRequestsPerHour;

    @PropertyInject("psa.budget.share-percent")
    private int psaBudgetSharePercent;

    @PropertyInject("psa.concurrent-per-endpoint")
    private int psaConcurrentPerEndpoint;

    @PropertyInject("psa.read-retries")
    private int psaReadRetries;

    @PropertyInject("psa.retry-delay-ms")
    private long psaRetryDelayMs;

    @PropertyInject("psa.throttled-retries")
    private int psaThrottledRetries;

    @PropertyInject("psa.max-retry-after-seconds")
    private long psaMaxRetryAfterSeconds;

    @PropertyInject("delivery.review")
    private boolean deliveryReview;

    @PropertyInject("delivery.auto-approve.max-units")
    private String autoApproveMaxUnits;

    @PropertyInject("delivery.auto-approve.max-percent")
    private String autoApproveMaxPercent;

    @PropertyInject("delivery.hold-decreases-above")
    private String holdDecreasesAbove;

    @PropertyInject("psa.connectwise.base-url")
    private String connectWiseUrl;

    @PropertyInject("psa.connectwise.company")
    private String connectWiseCompany;

    @PropertyInject("psa.connectwise.public-key")
    private String connectWisePublicKey;

    @PropertyInject("psa.connectwise.private-key")
    private String connectWisePrivateKey;

    @PropertyInject("psa.connectwise.client-id")
    private String connectWiseClientId;

    @PropertyInject("psa.bms.base-url")
    private String bmsUrl;

    @PropertyInject("psa.bms.username")
    private String bmsUserName;

    @PropertyInject("psa.bms.password")
    private String bmsPassword;

    @PropertyInject("psa.bms.tenant")
    private String bmsTenant;

    @PropertyInject("psa.autotask.zone-lookup-url")
    private String autotaskZoneLookupUrl;

    @PropertyInject("psa.autotask.integration-code")
    private String autotaskIntegrationCode;

    @PropertyInject("psa.autotask.username")
    private String autotaskUserName;

    @PropertyInject("psa.autotask.secret")
    private String autotaskSecret;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Database database = Database.open(new DatabaseSettings(
                blankToNull(dbUrl), blankToNull(dbUser), blankToNull(dbPassword), Path.of(dataDir)));
        try {
            bindBeans(camelContext.getRegistry(), database.dataSource());
        } catch (RuntimeException e) {
            database.close(); // the context never started, so it will not stop the database either
            throw e;
        }
        camelContext.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        });
    }

    private void bindBeans(Registry registry, DataSource ds) {
        MappingLoader mappings = new MappingLoader(Path.of(mappingsDir), new MappingStore(ds));
        ContractUnits psa = contractUnits(psaHttp(ds));
        SyncRuns runs = new SyncRuns(ds);
        DeliveryLedger ledger = new DeliveryLedger(ds, psaName);
        registry.bind("dataSource", ds);
        registry.bind("mappings", mappings);
        registry.bind("contractUnits", psa);
        registry.bind("tenantCalendar", TenantCalendar.of(timeZone));
        registry.bind("syncRuns", new SyncRunRecorder(runs, psa, psaName, mappings));
        registry.bind("collections", new SourceCollections(runs));
        registry.bind("moduleOutcomes", new ModuleOutcomes());
        registry.bind("pageIntake", new PageIntake(List.of(new DattoRmmSitesNormalizer()), new UsageStore(ds)));
        registry.bind("dailyQuantities", new DailyQuantities(ds));
        registry.bind("deliveryLedger", ledger);
        registry.bind("psaDelivery", new PsaDelivery(psa, ledger, approvalRule()));
    }

    /** Our share of the tenant's hourly allowance, counted in PostgreSQL; the limits of every PSA request. */
    private PsaHttp psaHttp(DataSource ds) {
        if (psaBudgetSharePercent < 1 || psaBudgetSharePercent > 100) {
            throw new IllegalArgumentException("psa.budget.share-percent must be 1-100, not " + psaBudgetSharePercent);
        }
        long ours = Math.max(1, psaRequestsPerHour * psaBudgetSharePercent / 100);
        return new PsaHttp(Duration.ofSeconds(psaTimeoutSeconds), new PsaRequestBudget(ds, psaName, ours),
                new PsaHttp.Settings(psaConcurrentPerEndpoint, psaReadRetries, Duration.ofMillis(psaRetryDelayMs),
                        psaThrottledRetries, Duration.ofSeconds(psaMaxRetryAfterSeconds)));
    }

    /** Without review every change is sent; with it, only those within the auto-approve limits. */
    private ApprovalRule approvalRule() {
        if (!deliveryReview) {
            BigDecimal any = BigDecimal.valueOf(Long.MAX_VALUE);
            return new ApprovalRule(any, any, any);
        }
        return new ApprovalRule(new BigDecimal(autoApproveMaxUnits.strip()), new BigDecimal(autoApproveMaxPercent.strip()),
                new BigDecimal(holdDecreasesAbove.strip()));
    }

    private ContractUnits contractUnits(PsaHttp http) {
        Duration timeout = Duration.ofSeconds(psaTimeoutSeconds);
        return switch (psaName) {
            case "autotask" -> new AutotaskContractUnits(
                    URI.create(required("psa.autotask.zone-lookup-url", "AUTOTASK_ZONE_LOOKUP_URL", autotaskZoneLookupUrl)),
                    required("psa.autotask.integration-code", "AUTOTASK_INTEGRATION_CODE", autotaskIntegrationCode),
                    required("psa.autotask.username", "AUTOTASK_USERNAME", autotaskUserName),
                    required("psa.autotask.secret", "AUTOTASK_SECRET", autotaskSecret),
                    timeout, http);
            case "connectwise" -> new ConnectWiseContractUnits(
                    URI.create(required("psa.connectwise.base-url", "CONNECTWISE_URL", connectWiseUrl)),
                    required("psa.connectwise.company", "CONNECTWISE_COMPANY", connectWiseCompany),
                    required("psa.connectwise.public-key", "CONNECTWISE_PUBLIC_KEY", connectWisePublicKey),
                    required("psa.connectwise.private-key", "CONNECTWISE_PRIVATE_KEY", connectWisePrivateKey),
                    required("psa.connectwise.client-id", "CONNECTWISE_CLIENT_ID", connectWiseClientId),
                    timeout, http);
            case "bms" -> new BmsContractUnits(
                    URI.create(required("psa.bms.base-url", "BMS_URL", bmsUrl)),
                    required("psa.bms.username", "BMS_USERNAME", bmsUserName),
                    required("psa.bms.password", "BMS_PASSWORD", bmsPassword),
                    required("psa.bms.tenant", "BMS_TENANT", bmsTenant),
                    timeout, http);
            default -> throw new IllegalArgumentException(
                    "billing.psa: unknown PSA '" + psaName + "' (supported: autotask, connectwise, bms)");
        };
    }

    private static String required(String property, String environment, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " is not set: set " + environment
                    + " (or the property in application.properties)");
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
