package io.usagebilling.app;

import io.usagebilling.delivery.Plan;
import io.usagebilling.delivery.PlanLine;
import io.usagebilling.delivery.PlanLines;
import io.usagebilling.delivery.Reconciler;
import io.usagebilling.delivery.Reconciliation;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.invoicing.MonthClose;
import io.usagebilling.licenses.LicenseStore;
import io.usagebilling.mapping.MappingException;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.sync.SyncSummary;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/** The application: camel-main with the YAML routes from {@code routes/} and the beans of {@link BillingConfiguration}. */
public final class BillingApp implements AutoCloseable {

    /**
     * Routes only the service runs (routes/service/): those served by the HTTP server (without the
     * server, as in demo and sync, they cannot start) and the worker that helps other instances' syncs
     * (a one-shot verb would walk away from a unit it claimed).
     */
    private static final String SERVICE_ROUTES = "file:routes/service/*.camel.yaml";

    /** Where the REST API's OpenAPI document is served (camel-openapi-java, from the rest definitions). */
    public static final String OPENAPI_PATH = "/api/openapi.json";

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
            main.addOverrideProperty("camel.main.routes-exclude-pattern", SERVICE_ROUTES);
        } else {
            main.addOverrideProperty("camel.rest.api-context-path", OPENAPI_PATH);
        }
        return main;
    }

    public SyncSummary syncDay(LocalDate usageDate) {
        return bean(RouteCommands.class).sync(usageDate);
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
        return bean(MonthClose.class);
    }

    public LicenseStore licenses() {
        return bean(LicenseStore.class);
    }

    public TenantCalendar calendar() {
        return bean(TenantCalendar.class);
    }

    public DataSource dataSource() {
        return bean(DataSource.class);
    }

    /** The day's sync, but every change is held as a plan (id: the run's id) instead of sent. */
    public Plan plan(LocalDate usageDate) {
        return bean(RouteCommands.class).plan(usageDate);
    }

    /** What run {@code syncRunId} left undelivered (planned, held, unknown, failed...), each line's latest attempt. */
    public List<PlanLine> unsettled(long syncRunId) {
        return bean(PlanLines.class).unsettled(syncRunId);
    }

    /** Sends exactly the held lines of plan {@code planId}; returns the plan's lines as they now stand. */
    public Plan approve(long planId) {
        return bean(RouteCommands.class).approve(planId);
    }

    /** Turns down the plan's held changes, never to be sent; {@code by}: who. */
    public Plan reject(long planId, String by) {
        return bean(RouteCommands.class).reject(planId, by);
    }

    /** Compares the PSA with the usage over the request's range, fixing the differences when asked. */
    public Reconciliation reconcile(Reconciler.Request request) {
        return bean(RouteCommands.class).reconcile(request);
    }

    /** The bean of that class, as BillingConfiguration registered it (under its class's name). */
    public <T> T bean(Class<T> type) {
        return context().getRegistry().lookupByNameAndType(Beans.name(type), type);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Every polled or CSV module in the catalog needs its source route, or its usage would silently go missing. */
    private void requireSourceRoutes() {
        MappingLoader mappings = bean(MappingLoader.class);
        for (String module : mappings.pollModules()) {
            if (context().getRoute(module + "-source") == null) {
                throw new MappingException(mappings.modulesFile() + ": module '" + module + "' is polled but routes/ has no"
                        + " route '" + module + "-source' reading from direct:collect-" + module);
            }
        }
        for (String module : mappings.csvModules()) {
            if (context().getRoute(module + "-source") == null) {
                throw new MappingException(mappings.modulesFile() + ": module '" + module + "' drops CSV files but routes/"
                        + " has no route '" + module + "-source' (a csv-drop-source templated route)");
            }
        }
    }

    @Override
    public void close() {
        main.stop();
    }
}
