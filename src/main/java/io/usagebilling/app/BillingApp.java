package io.usagebilling.app;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.mapping.MappingException;
import io.usagebilling.store.LicenseStore;
import io.usagebilling.store.SyncSummary;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/** The application: camel-main with the YAML routes from {@code routes/} and the beans of {@link BillingConfiguration}. */
public final class BillingApp implements AutoCloseable {

    private final Main main;
    private final ProducerTemplate template;

    private BillingApp(Main main) throws Exception {
        this.main = main;
        this.template = main.getCamelTemplate();
    }

    /** Starts the application; {@code overrides} take precedence over application.properties and the environment. */
    public static BillingApp start(Map<String, String> overrides) throws Exception {
        Main main = configured(overrides);
        try {
            main.start();
            BillingApp app = new BillingApp(main);
            app.requireSourceRoutes();
            return app;
        } catch (Exception e) {
            main.stop();
            throw e;
        }
    }

    /** Runs as a service until the JVM is asked to stop (SIGTERM, Ctrl-C); camel-main shuts down gracefully. */
    public static void runUntilStopped(Map<String, String> overrides) throws Exception {
        configured(overrides).run();
    }

    private static Main configured(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(BillingConfiguration.class);
        overrides.forEach(main::addOverrideProperty);
        if (!httpServerEnabled(overrides)) {
            // The REST DSL routes need the HTTP server; without it (demo, sync, close...) they are not loaded.
            main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/rest-*.camel.yaml");
        }
        return main;
    }

    public SyncSummary syncDay(LocalDate usageDate) {
        return template.requestBody("direct:sync-day", usageDate, SyncSummary.class);
    }

    /** camel.server.enabled as it will resolve: an override, else BILLING_HTTP_ENABLED, else on. */
    private static boolean httpServerEnabled(Map<String, String> overrides) {
        String value = overrides.get("camel.server.enabled");
        if (value == null) {
            value = System.getenv().getOrDefault("BILLING_HTTP_ENABLED", "true");
        }
        return !value.strip().equalsIgnoreCase("false");
    }

    public MonthClose.CloseSummary closeMonth(YearMonth month) {
        return template.requestBody("direct:close-month", month, MonthClose.CloseSummary.class);
    }

    public MonthClose monthClose() {
        return context().getRegistry().lookupByNameAndType("monthClose", MonthClose.class);
    }

    public LicenseStore licenses() {
        return context().getRegistry().lookupByNameAndType("licenses", LicenseStore.class);
    }

    public TenantCalendar calendar() {
        return context().getRegistry().lookupByNameAndType("tenantCalendar", TenantCalendar.class);
    }

    public DataSource dataSource() {
        return context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Every polled module in the catalog needs its source route, or its usage would silently go missing. */
    private void requireSourceRoutes() {
        MappingLoader mappings = context().getRegistry().lookupByNameAndType("mappings", MappingLoader.class);
        for (String module : mappings.pollModules()) {
            if (context().getRoute(module + "-source") == null) {
                throw new MappingException(mappings.modulesFile() + ": module '" + module + "' is polled but routes/ has no"
                        + " route '" + module + "-source' reading from direct:collect-" + module);
            }
        }
    }

    @Override
    public void close() {
        main.stop();
    }
}
