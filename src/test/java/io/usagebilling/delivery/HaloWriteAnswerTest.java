package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.psa.HaloSimulator.WriteAnswer;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.OtherPsas;
import io.usagebilling.sync.SyncSummary;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * billing.psa=halopsa through the real routes and ledger: HaloPSA answers a write with the invoice as
 * saved, and a change that answer shows is confirmed from it; one it does not show is read back, as
 * any other PSA's change. Day 1 (28 Sep) takes invoice 11 from 10 to 8 units; invoice 12 already holds 4.
 */
class HaloWriteAnswerTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);

    private HaloSimulator halo;
    private BillingFixture fixture;

    @BeforeEach
    void start() throws Exception {
        halo = OtherPsas.halo();
        BillingFixture.threeContracts(halo);
        fixture = OtherPsas.pointAt(new BillingFixture(), halo);
        fixture.start();
        fixture.showSites(5, 3, 4, 7);
    }

    @AfterEach
    void stop() {
        fixture.close();
        halo.close();
    }

    /** The sign-in, a read of each invoice planned, the write: no read-back. */
    @Test
    void aChangeTheWritesAnswerShowsIsConfirmedWithoutAReadBack() throws Exception {
        SyncSummary day1 = fixture.app().syncDay(SEP_28);

        assertThat(day1.complete()).isTrue();
        assertThat(day1.adjustments()).isEqualTo(1);
        assertThat(day1.psaRequests()).isEqualTo(4).isEqualTo(halo.requestCount());
        assertThat(acme()).isEqualTo("confirmed 8");
    }

    /** An answer that does not show the target (stale, or without lines) is not trusted: the read-back decides. */
    @ParameterizedTest
    @EnumSource(names = {"AS_BEFORE", "WITHOUT_LINES"})
    void aChangeTheAnswerDoesNotShowIsReadBackAndConfirmedFromThePsa(WriteAnswer answer) throws Exception {
        halo.answerWrites(answer);
        SyncSummary day1 = fixture.app().syncDay(SEP_28);

        assertThat(day1.complete()).isTrue();
        assertThat(day1.psaRequests()).as("the read-back").isEqualTo(5).isEqualTo(halo.requestCount());
        assertThat(acme()).isEqualTo("confirmed 8");
    }

    /** Halo answered but kept its lines: the answer shows the old quantity, the read-back finds the mismatch. */
    @Test
    void aChangeHaloDidNotKeepIsReadBackAsAMismatch() throws Exception {
        halo.answerWrites(WriteAnswer.UNSAVED);
        SyncSummary day1 = fixture.app().syncDay(SEP_28);

        assertThat(day1.undelivered()).isEqualTo(1);
        assertThat(day1.psaRequests()).as("the read-back").isEqualTo(5).isEqualTo(halo.requestCount());
        assertThat(acme()).isEqualTo("mismatch 10");
        assertThat(fixture.text("SELECT error FROM delivery_ledger WHERE contract_id = 11")).contains("read back 10, not 8");
    }

    /** Acme's ledger row: its status and the PSA's units after the change. */
    private String acme() throws Exception {
        return fixture.text("SELECT status || ' ' || trim_scale(psa_units_after) FROM delivery_ledger WHERE contract_id = 11");
    }
}
