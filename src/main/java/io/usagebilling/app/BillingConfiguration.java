package io.usagebilling.app;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.sources.CallbackSignature;
import io.usagebilling.store.CallbackReplays;
import io.usagebilling.store.DailyQuantities;
import io.usagebilling.store.Database;
import io.usagebilling.store.DatabaseSettings;
import io.usagebilling.store.DeliveryLedger;
import io.usagebilling.store.MappingStore;
import io.usagebilling.store.SyncRuns;
import io.usagebilling.store.UsageStore;
import java.nio.file.Path;
import java.time.Clock;
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

    @PropertyInject("callbacks.max-body-bytes")
    private long callbackMaxBytes;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Database database = Database.open(new DatabaseSettings(
                blankToNull(dbUrl), blankToNull(dbUser), blankToNull(dbPassword), Path.of(dataDir)));
        try {
            bindBeans(camelContext, database.dataSource(),
                    new PsaWiring(camelContext.getPropertiesComponent(), database.dataSource()));
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

    private void bindBeans(CamelContext camelContext, DataSource ds, PsaWiring psaWiring) {
        Registry registry = camelContext.getRegistry();
        MappingLoader mappings = new MappingLoader(Path.of(mappingsDir), new MappingStore(ds));
        ContractUnits psa = psaWiring.contractUnits();
        SyncRuns runs = new SyncRuns(ds);
        DeliveryLedger ledger = new DeliveryLedger(ds, psaWiring.psaName());
        registry.bind("dataSource", ds);
        registry.bind("mappings", mappings);
        registry.bind("contractUnits", psa);
        TenantCalendar calendar = TenantCalendar.of(timeZone);
        registry.bind("tenantCalendar", calendar);
        registry.bind("syncRuns", new SyncRunRecorder(runs, psa, psaWiring.psaName(), mappings));
        registry.bind("collections", new SourceCollections(runs));
        registry.bind("moduleOutcomes", new ModuleOutcomes());
        UsageStore usage = new UsageStore(ds);
        registry.bind("usageStore", usage);
        registry.bind("pageIntake", new PageIntake(usage));
        registry.bind("callbackIntake", new CallbackIntake(mappings,
                module -> camelContext.getPropertiesComponent().resolveProperty("callbacks." + module + ".secret"),
                new CallbackReplays(ds, CallbackSignature.MAX_SKEW.multipliedBy(2)), usage, calendar,
                Clock.systemUTC(), callbackMaxBytes));
        registry.bind("dailyQuantities", new DailyQuantities(ds));
        registry.bind("deliveryLedger", ledger);
        registry.bind("psaDelivery", new PsaDelivery(psa, ledger, psaWiring.approvalRule()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
