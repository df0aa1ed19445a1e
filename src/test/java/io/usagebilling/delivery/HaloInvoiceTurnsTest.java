package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.CallbackClient;
import io.usagebilling.sim.ModuleUsageGenerator.Usage;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.sim.psa.WriteFaults;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.OtherPsas;
import io.usagebilling.sync.SyncSummary;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * billing.psa=halopsa with two lines on one recurring invoice (70: items 700 and 701, each fed by a module's
 * signed callbacks), through the real routes and ledger. Halo's write carries the whole invoice, so the
 * changes of its lines go in one write; a write whose answer is lost leaves both changes unknown, and the
 * next run settles them without sending them again.
 */
class HaloInvoiceTurnsTest {

    private static final LocalDate SEP_14 = LocalDate.of(2026, 9, 14);
    private static final LocalDate SEP_15 = LocalDate.of(2026, 9, 15);

    private HaloSimulator halo;
    private BillingFixture fixture;

    @BeforeEach
    void start() throws Exception {
        halo = OtherPsas.halo();
        halo.addCompany(1, "Acme");
        halo.addContract(70, 1, "Security");
        halo.addLine(70, 700, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
        halo.addLine(70, 701, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
        fixture = OtherPsas.pointAt(new BillingFixture().withHttpServer(), halo)
                .with("billing.mappings-dir", "src/test/resources/invoice-mappings")
                .with("callbacks.vulscan.secret", "vulscan-secret").with("callbacks.darkweb-id.secret", "darkweb-secret");
        fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        halo.close();
    }

    /** The sign-in, one read of the invoice, one write with both changes, whose answer confirms them. */
    @Test
    void theChangesOfAnInvoicesLinesGoInOneWrite() throws Exception {
        pushDay(SEP_14, 254, 3);

        SyncSummary day = fixture.app().syncDay(SEP_14);

        assertThat(day.complete()).isTrue();
        assertThat(day.adjustments()).isEqualTo(2);
        assertThat(day.psaRequests()).isEqualTo(3).isEqualTo(halo.requestCount());
        assertThat(halo.unitsOn(70, 700, SEP_14)).isEqualByComparingTo("254");
        assertThat(halo.unitsOn(70, 701, SEP_14)).isEqualByComparingTo("3");
        assertThat(fixture.count("SELECT count(*) FROM delivery_ledger WHERE status = 'confirmed'")).isEqualTo(2);
    }

    @Test
    void aWriteOfBothLinesWhoseAnswerIsLostLeavesBothUnknownAndTheNextRunSendsNeitherAgain() throws Exception {
        pushDay(SEP_14, 254, 3);
        halo.failNextWrite(WriteFaults.Fault.RESET_AFTER_APPLY);
        assertThat(fixture.app().syncDay(SEP_14).undelivered()).isEqualTo(2);
        assertThat(fixture.count("SELECT count(*) FROM delivery_ledger WHERE status = 'unknown'")).isEqualTo(2);
        pushDay(SEP_15, 250, 4);

        SyncSummary day2 = fixture.app().syncDay(SEP_15);

        assertThat(day2.complete()).isTrue();
        assertThat(day2.unknownsResolved()).isEqualTo(2);
        assertThat(halo.unitsOn(70, 700, SEP_14)).isEqualByComparingTo("254");
        assertThat(halo.unitsOn(70, 701, SEP_14)).isEqualByComparingTo("3");
        assertThat(halo.unitsOn(70, 700, SEP_15)).isEqualByComparingTo("250");
        assertThat(halo.unitsOn(70, 701, SEP_15)).isEqualByComparingTo("4");
        assertThat(halo.lines()).as("each item: the opening line, one from the 14th, one from the 15th").hasSize(6);
        assertThat(fixture.count("SELECT count(*) FROM delivery_ledger WHERE status = 'confirmed'")).isEqualTo(4);
    }

    /** The day's IP addresses scanned, and as many dark-web domains watched (each a record: counted, not summed). */
    private void pushDay(LocalDate day, int ipAddresses, int domains) {
        CallbackClient callbacks = new CallbackClient(fixture.baseUrl());
        callbacks.push("vulscan", "vulscan-secret", day,
                List.of(new Usage("ip-" + day, "acme-1", "Acme", "ip-addresses", null, BigDecimal.valueOf(ipAddresses))));
        List<Usage> watched = new ArrayList<>();
        for (int i = 0; i < domains; i++) {
            watched.add(new Usage("d" + i + ".example", "acme-dw", "Acme", "domains", "d" + i + ".example", BigDecimal.ONE));
        }
        callbacks.push("darkweb-id", "darkweb-secret", day, watched);
    }
}
