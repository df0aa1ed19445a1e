package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.psa.BmsSimulator;
import io.usagebilling.sim.psa.ConnectWiseSimulator;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.sim.psa.SimulatedPsa;
import io.usagebilling.sim.psa.WriteFaults;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.OtherPsas;
import io.usagebilling.sync.SyncSummary;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * billing.psa=connectwise, =bms and =halopsa: the same daily sync and ledger through the real routes,
 * each with its first write's answer lost (the PSA applied it); after the next day each PSA holds exactly
 * Acme 10 -> 8 (28 Sep) -> 9 (29 Sep) and Birch 4 -> 0 (29 Sep).
 */
class OtherPsasEndToEndTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);

    /**
     * Companies 101-103 with contracts 11-13 as in the e2e mappings (10, 4 and 0 units of service 500
     * from 1 Sep), one write failing as {@code fault} says; two days synced, the PSA holds the usage.
     */
    private static void deliversTwoDaysDespiteAFault(SimulatedPsa psa, BillingFixture fixture, String name,
            WriteFaults.Fault fault) throws Exception {
        BillingFixture.threeContracts(psa);
        psa.failNextWrite(fault);

        assertThat(twoDays(fixture).psa()).isEqualTo(name);

        assertThat(psa.unitsOn(11, 500, SEP_28.minusDays(1))).isEqualByComparingTo("10");
        assertThat(psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
        assertThat(psa.unitsOn(11, 500, SEP_29)).isEqualByComparingTo("9");
        assertThat(psa.unitsOn(12, 500, SEP_29)).isEqualByComparingTo("0");
    }

    @Test
    void connectWiseAgreementAdditions() throws Exception {
        try (ConnectWiseSimulator cw = OtherPsas.connectWise();
                BillingFixture fixture = OtherPsas.pointAt(new BillingFixture(), cw)) {
            deliversTwoDaysDespiteAFault(cw, fixture, "connectwise", WriteFaults.Fault.RESET_AFTER_APPLY); // cancelling Acme's addition
            assertThat(cw.additions()).filteredOn(a -> a.contractId() == 11).hasSize(3);
            assertThat(fixture.psa.requestCount()).isZero(); // Autotask was not used
        }
    }

    @Test
    void kaseyaBmsContractServiceQuantities() throws Exception {
        try (BmsSimulator bms = OtherPsas.bms();
                BillingFixture fixture = OtherPsas.pointAt(new BillingFixture(), bms)) {
            deliversTwoDaysDespiteAFault(bms, fixture, "bms", WriteFaults.Fault.HTTP_500_AFTER_APPLY);
            assertThat(bms.authenticationCount()).isEqualTo(1);
        }
    }

    @Test
    void haloPsaRecurringInvoiceLines() throws Exception {
        try (HaloSimulator halo = OtherPsas.halo();
                BillingFixture fixture = OtherPsas.pointAt(new BillingFixture(), halo)) {
            deliversTwoDaysDespiteAFault(halo, fixture, "halopsa", WriteFaults.Fault.RESET_AFTER_APPLY);
            assertThat(halo.signInCount()).isEqualTo(1);
            assertThat(fixture.psa.requestCount()).isZero(); // Autotask was not used
        }
    }

    /** Day 1 leaves Acme's change unknown; day 2 settles it by re-reading and delivers day 2. */
    private static SyncSummary twoDays(BillingFixture fixture) throws Exception {
        BillingApp app = fixture.start();
        fixture.showSites(5, 3, 4, 7);
        assertThat(app.syncDay(SEP_28).undelivered()).isEqualTo(1);
        fixture.showSites(6, 3, 0, 8);
        SyncSummary day2 = app.syncDay(SEP_29);
        assertThat(day2.complete()).isTrue();
        assertThat(day2.unknownsResolved()).isEqualTo(1);
        return day2;
    }
}
