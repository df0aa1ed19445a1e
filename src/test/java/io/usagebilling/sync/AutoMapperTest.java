package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mapping.auto-map-exact: only a single exact normalized match is mapped by the sync; the rest waits. */
class AutoMapperTest {

    @Test
    void anExactNameIsMappedAndDeliveredTheSameDayANearOneWaits() throws Exception {
        try (BillingFixture fixture = new BillingFixture().withThreeContracts().with("mapping.auto-map-exact", "true")) {
            fixture.psa.addCompany(104, "Northwind Traders");
            fixture.psa.addContract(21, 104, "Managed Devices");
            fixture.psa.addLine(21, 500, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
            fixture.psa.addCompany(105, "Globex");
            fixture.psa.addCompany(106, "GLOBEX Inc.");
            BillingApp app = fixture.start();
            fixture.execute("""
                    INSERT INTO company (id, name) VALUES (104, 'Northwind Traders') ON CONFLICT DO NOTHING;
                    INSERT INTO service_mapping (module_id, billing_type, company_id, contract_id, service_id, proration)
                    VALUES ('datto-rmm', 'devices', 104, 21, 500, 'daily')""");
            fixture.rmm.setSites(List.of(
                    new Site(1, "site-nw", "NORTHWIND TRADERS, LLC", 6),
                    new Site(2, "site-nw2", "Northwind Trading", 2),
                    new Site(3, "site-globex", "Globex Corporation", 1)));

            app.syncDay(LocalDate.of(2026, 9, 10));

            assertThat(fixture.text("SELECT string_agg(org_id || '=' || company_id || ' by ' || mapped_by, ',') FROM org_mapping "
                    + "WHERE org_id IN ('site-nw', 'site-nw2', 'site-globex')")).isEqualTo("site-nw=104 by auto-map (exact name)");
            assertThat(fixture.psa.unitsOn(21, 500, LocalDate.of(2026, 9, 10))).isEqualByComparingTo("6");
        }
    }
}
