package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.ConnectWiseSimulator;
import io.usagebilling.sim.ConnectWiseSimulator.Fault;
import io.usagebilling.store.SyncSummary;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** billing.psa=connectwise: the same daily sync and ledger, delivered as agreement additions. */
class ConnectWiseEndToEndTest {

    private static final LocalDate SEP_01 = LocalDate.of(2026, 9, 1);
    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);

    @Test
    void deliversExactlyOnceToAgreementAdditionsDespiteALostAnswer() throws Exception {
        try (ConnectWiseSimulator cw = ConnectWiseSimulator.start("msp", "pub", "priv", "client-guid");
                BillingFixture fixture = new BillingFixture().with("billing.psa", "connectwise")
                        .with("psa.connectwise.base-url", cw.baseUrl()).with("psa.connectwise.company", "msp")
                        .with("psa.connectwise.public-key", "pub").with("psa.connectwise.private-key", "priv")
                        .with("psa.connectwise.client-id", "client-guid")) {
            for (long agreement : new long[] {11, 12, 13}) {
                cw.addAgreement(agreement);
            }
            cw.addAddition(11, 500, BigDecimal.TEN, SEP_01);
            cw.addAddition(12, 500, new BigDecimal("4"), SEP_01);
            cw.addAddition(13, 500, BigDecimal.ZERO, SEP_01);
            BillingApp app = fixture.start();
            cw.failNextWrite(Fault.RESET_AFTER_APPLY); // the first write (cancelling 11's addition) lands unanswered

            fixture.showSites(5, 3, 4, 7);
            SyncSummary day1 = app.syncDay(SEP_28);
            assertThat(day1.undelivered()).isEqualTo(1);
            fixture.showSites(6, 3, 0, 8);
            SyncSummary day2 = app.syncDay(SEP_29);

            assertThat(day2.complete()).isTrue();
            assertThat(day2.psa()).isEqualTo("connectwise");
            assertThat(cw.quantityOn(11, 500, SEP_28.minusDays(1))).isEqualByComparingTo("10");
            assertThat(cw.quantityOn(11, 500, SEP_28)).isEqualByComparingTo("8");
            assertThat(cw.quantityOn(11, 500, SEP_29)).isEqualByComparingTo("9");
            assertThat(cw.quantityOn(12, 500, SEP_29)).isEqualByComparingTo("0");
            assertThat(cw.additions()).filteredOn(a -> a.agreementId() == 11).hasSize(3);
            assertThat(fixture.psa.requestCount()).isZero(); // Autotask was not used
        }
    }
}
