package io.usagebilling.app;

import io.usagebilling.domain.ApprovalRule;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaDirectory;
import io.usagebilling.psa.PsaHttp;
import io.usagebilling.psa.PsaRequestBudget;
import io.usagebilling.psa.UnconfiguredPsa;
import io.usagebilling.psa.autotask.AutotaskContractUnits;
import io.usagebilling.psa.autotask.AutotaskDirectory;
import io.usagebilling.psa.bms.BmsContractUnits;
import io.usagebilling.psa.connectwise.ConnectWiseContractUnits;
import io.usagebilling.psa.connectwise.ConnectWiseDirectory;
import io.usagebilling.psa.halopsa.HaloContractUnits;
import io.usagebilling.psa.halopsa.HaloDirectory;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The PSA side of the configuration (billing.psa, psa.*, delivery.*): the adapter, its transport
 * with the PostgreSQL budget and limits, and the approval rule. Each missing required value stops
 * start-up with the property and environment variable to set.
 */
final class PsaWiring {

    private final PropertiesComponent properties;
    private final DataSource dataSource;
    private final String psaName;

    PsaWiring(PropertiesComponent properties, DataSource dataSource) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.psaName = text("billing.psa");
    }

    String psaName() {
        return psaName;
    }

    /**
     * The configured PSA's adapter; with psa.settings-required false (the CLI's verbs that never call
     * the PSA), missing credentials give an adapter that says so when called, instead of stopping start-up.
     */
    ContractUnits contractUnits() {
        Duration timeout = Duration.ofSeconds(number("psa.timeout-seconds"));
        PsaHttp http = http(timeout);
        try {
            return contractUnits(timeout, http);
        } catch (MissingSetting e) {
            if (Boolean.parseBoolean(text("psa.settings-required"))) {
                throw e;
            }
            return new UnconfiguredPsa(http, e.getMessage());
        }
    }

    private ContractUnits contractUnits(Duration timeout, PsaHttp http) {
        return switch (psaName) {
            case "autotask" -> new AutotaskContractUnits(URI.create(required("psa.autotask.zone-lookup-url", "AUTOTASK_ZONE_LOOKUP_URL")),
                    required("psa.autotask.integration-code", "AUTOTASK_INTEGRATION_CODE"),
                    required("psa.autotask.username", "AUTOTASK_USERNAME"), required("psa.autotask.secret", "AUTOTASK_SECRET"),
                    timeout, http);
            case "connectwise" -> new ConnectWiseContractUnits(URI.create(required("psa.connectwise.base-url", "CONNECTWISE_URL")),
                    required("psa.connectwise.company", "CONNECTWISE_COMPANY"),
                    required("psa.connectwise.public-key", "CONNECTWISE_PUBLIC_KEY"),
                    required("psa.connectwise.private-key", "CONNECTWISE_PRIVATE_KEY"),
                    required("psa.connectwise.client-id", "CONNECTWISE_CLIENT_ID"), timeout, http);
            case "bms" -> new BmsContractUnits(new BmsContractUnits.Settings(URI.create(required("psa.bms.base-url", "BMS_URL")),
                    required("psa.bms.username", "BMS_USERNAME"), required("psa.bms.password", "BMS_PASSWORD"),
                    required("psa.bms.tenant", "BMS_TENANT"), (int) number("psa.bms.first-page")), timeout, http);
            case "halopsa" -> new HaloContractUnits(new HaloContractUnits.Settings(
                    URI.create(required("psa.halopsa.base-url", "HALO_URL")),
                    text("psa.halopsa.auth-url").isEmpty() ? null : URI.create(text("psa.halopsa.auth-url")),
                    required("psa.halopsa.client-id", "HALO_CLIENT_ID"), required("psa.halopsa.client-secret", "HALO_CLIENT_SECRET"),
                    text("psa.halopsa.tenant"), required("psa.halopsa.quantity-field", "HALO_QUANTITY_FIELD"),
                    Duration.ofSeconds(number("psa.halopsa.reuse-invoice-seconds"))), timeout, http);
            default -> throw new IllegalArgumentException(
                    "billing.psa: unknown PSA '" + psaName + "' (supported: autotask, connectwise, bms, halopsa)");
        };
    }

    /** The PSA's company and contract lists, or null for a PSA whose adapter does not read them yet. */
    static PsaDirectory directory(ContractUnits psa) {
        if (psa instanceof AutotaskContractUnits autotask) {
            return new AutotaskDirectory(autotask.client());
        }
        if (psa instanceof HaloContractUnits halo) {
            return new HaloDirectory(halo.client());
        }
        return psa instanceof ConnectWiseContractUnits connectWise ? new ConnectWiseDirectory(connectWise.client()) : null;
    }

    /** The address the health check connects to: the configured PSA's API (Autotask: its zone lookup). */
    URI endpoint() {
        return URI.create(text(switch (psaName) {
            case "connectwise" -> "psa.connectwise.base-url";
            case "bms" -> "psa.bms.base-url";
            case "halopsa" -> "psa.halopsa.base-url";
            default -> "psa.autotask.zone-lookup-url";
        }));
    }

    /** Without review every change is sent; with it, only those within the auto-approve limits. */
    ApprovalRule approvalRule() {
        if (!Boolean.parseBoolean(text("delivery.review"))) {
            BigDecimal any = BigDecimal.valueOf(Long.MAX_VALUE);
            return new ApprovalRule(any, any, any);
        }
        return new ApprovalRule(decimal("delivery.auto-approve.max-units"), decimal("delivery.auto-approve.max-percent"),
                decimal("delivery.hold-decreases-above"));
    }

    /** Our share of the tenant's hourly allowance, counted in PostgreSQL; the limits of every PSA request. */
    private PsaHttp http(Duration timeout) {
        long share = number("psa.budget.share-percent");
        if (share < 1 || share > 100) {
            throw new IllegalArgumentException("psa.budget.share-percent must be 1-100, not " + share);
        }
        long ours = Math.max(1, number("psa.budget.requests-per-hour") * share / 100);
        return new PsaHttp(timeout, new PsaRequestBudget(dataSource, psaName, ours), new PsaHttp.Settings(
                (int) number("psa.concurrent-per-endpoint"), (int) number("psa.read-retries"),
                Duration.ofMillis(number("psa.retry-delay-ms")), (int) number("psa.throttled-retries"),
                Duration.ofSeconds(number("psa.max-retry-after-seconds"))));
    }

    private String text(String key) {
        return properties.resolveProperty(key).orElse("").strip();
    }

    private long number(String key) {
        try {
            return Long.parseLong(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + text(key) + "'");
        }
    }

    private BigDecimal decimal(String key) {
        try {
            return new BigDecimal(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + text(key) + "'");
        }
    }

    private String required(String key, String environment) {
        String value = text(key);
        if (value.isEmpty()) {
            throw new MissingSetting(key + " is not set: set " + environment + " (or the property in application.properties)");
        }
        return value;
    }

    private static final class MissingSetting extends IllegalArgumentException {
        MissingSetting(String message) {
            super(message);
        }
    }
}
