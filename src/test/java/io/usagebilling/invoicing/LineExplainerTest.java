package io.usagebilling.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** From an invoice line back to the usage records: two real daily syncs, a close, then explain. */
class LineExplainerTest {

    private BillingFixture fixture;
    private BillingApp app;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture();
        fixture.psa.addCompany(101, "Acme Dental");
        fixture.psa.addContract(11, 101, "Managed Devices");
        fixture.psa.addLine(11, 500, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
        app = fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void explainsAnAcmeLineDownToItsTwoSitesRecords() {
        sync(LocalDate.of(2026, 9, 29), 5, 3);
        sync(LocalDate.of(2026, 9, 30), 6, 3);
        StoredInvoice acme = app.closeMonth(YearMonth.of(2026, 9)).invoices().stream()
                .filter(i -> i.invoice().companyId() == 101).findFirst().orElseThrow();
        long lineId = acme.lineIds().get(0);
        LineExplainer explainer = app.bean(LineExplainer.class);

        LineExplanation e = explainer.explain(lineId);
        assertThat(e.feeds()).extracting(LineExplanation.Feed::org).containsExactly("site-a1", "site-a2");
        assertThat(e.days()).extracting(d -> d.quantity().intValue()).containsExactly(8, 9);
        assertThat(e.usage()).extracting(u -> u.orgId() + "@" + u.usageDate() + "=" + u.quantity().intValue())
                .containsExactly("site-a1@2026-09-29=5", "site-a2@2026-09-29=3", "site-a1@2026-09-30=6", "site-a2@2026-09-30=3");

        // (8 + 9) device-days × 3.00 ÷ 30 = 1.70
        String text = explainer.text(lineId);
        assertThat(text).contains(
                "invoice line " + lineId + " on invoice " + acme.id() + ": Acme Dental (company 101), usage month 2026-09, regular, draft",
                "  contract 11 service 500: Datto RMM devices, proration daily",
                "  billed: quantity 0.5667 x unit price 3 -> 1.70 USD  (sum of quantity x price per day / 30 days)",
                "  datto-rmm devices of organization site-a1",
                "  2026-09-30  9  3\n",
                "  2026-09-30  datto-rmm  site-a2 \"ACME Dental Branch\"  devices  quantity 3  source ");
    }

    @Test
    void anUnknownLineIsAClearError() {
        LineExplainer explainer = app.bean(LineExplainer.class);
        assertThatThrownBy(() -> explainer.text(999)).hasMessage("no invoice line 999");
    }

    private void sync(LocalDate day, int a1, int a2) {
        fixture.rmm.setSites(List.of(new Site(1, "site-a1", "Acme Dental - Main", a1),
                new Site(2, "site-a2", "ACME Dental Branch", a2)));
        app.syncDay(day);
    }
}
