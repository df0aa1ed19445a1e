package io.usagebilling.psa.halopsa;

import static io.usagebilling.support.PsaCalls.assertBulkReadAsAlone;
import static io.usagebilling.support.PsaCalls.assertOutcome;
import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits.Adjusted;
import io.usagebilling.psa.ContractUnits.Adjustment;
import io.usagebilling.psa.PsaDirectory;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.sim.psa.WriteFaults.Fault;
import io.usagebilling.support.OtherPsas;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HaloPSA adapter against its simulator, over real HTTP on loopback. */
class HaloContractUnitsTest {

    private static final ContractLine LINE = new ContractLine(310, 77);
    private static final LocalDate JUN_01 = LocalDate.of(2026, 6, 1);
    private static final LocalDate JUN_15 = LocalDate.of(2026, 6, 15);
    /** The default of psa.halopsa.reuse-invoice-seconds. */
    private static final Duration REUSE = Duration.ofSeconds(5);

    private HaloSimulator sim;
    private HaloContractUnits units;

    @BeforeEach
    void start() {
        sim = OtherPsas.halo();
        sim.addCompany(101, "Acme Dental");
        sim.addContract(310, 101, "Managed Services");
        sim.addLine(310, 77, BigDecimal.TEN, JUN_01);
        sim.addLine(310, 78, new BigDecimal("3"), JUN_01);
        units = adapter("halo-secret", "msp", "qty_order");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aTokenIsRenewedBeforeItExpires() throws Exception {
        sim.tokenLifetime(Duration.ofSeconds(1));
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(sim.requestCount()).isEqualTo(2); // sign-in, read
        Thread.sleep(1100);
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(sim.requestCount()).as("a new token first, never a refused read").isEqualTo(4);
    }

    @Test
    void aRefusedTokenSignsInAgainOnce() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        sim.expireAccessToken();
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(sim.signInCount()).isEqualTo(2);
        assertThat(sim.requestCount()).isEqualTo(5); // sign-in, read; refused read, sign-in, read
    }

    @Test
    void credentialsOrATenantRefusedAreAConfigurationErrorNamingTheSetting() {
        assertOutcome(() -> adapter("wrong", "msp", "qty_order").unitsOn(LINE, JUN_15), Outcome.MISCONFIGURED, "HALO_CLIENT_SECRET");
        assertOutcome(() -> adapter("halo-secret", "", "qty_order").unitsOn(LINE, JUN_15), Outcome.MISCONFIGURED, "HALO_TENANT");
    }

    @Test
    void readsTheLineInForceAndRefusesAnItemNotOnTheInvoice() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(units.unitsOn(LINE, JUN_01.minusDays(1))).isEqualByComparingTo("0");
        assertOutcome(() -> units.unitsOn(new ContractLine(310, 99), JUN_15), Outcome.REJECTED, "not on the recurring invoice");
        assertOutcome(() -> units.unitsOn(new ContractLine(311, 77), JUN_15), Outcome.REJECTED, "404");
    }

    /** The line in force ends the day before; a copy of it (price, description) starts that day; other lines stay. */
    @Test
    void aChangeEndsTheLineInForceAndAddsACopyFromTheEffectiveDateInOneWrite() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10"); // signed in
        long before = sim.requestCount();
        units.adjust(LINE, JUN_15, new BigDecimal("-4"));

        assertThat(sim.requestCount() - before).as("one write, from the invoice as just read").isEqualTo(1);
        assertThat(sim.lines()).extracting(l -> l.path("item_id").asLong(), l -> l.path("qty_order").asInt(),
                        l -> l.path("start_date").asText(), l -> l.path("end_date").asText(null), l -> l.path("unit_price").doubleValue(),
                        l -> l.path("description").asText())
                .containsExactly(
                        tuple(77L, 10, "2026-06-01T00:00:00", "2026-06-14T00:00:00", 12.5, "Item 77"),
                        tuple(78L, 3, "2026-06-01T00:00:00", null, 12.5, "Item 78"),
                        tuple(77L, 6, "2026-06-15T00:00:00", null, 12.5, "Item 77"));
        assertThat(units.unitsOn(LINE, JUN_15.minusDays(1))).isEqualByComparingTo("10");
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("6");

        units.adjust(LINE, JUN_15, BigDecimal.ONE); // the same day again: changed in place
        assertThat(sim.lines()).hasSize(3);
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("7");
    }

    /** Each write starts from Halo's answer to the one before: one request a change, and no change undone. */
    @Test
    void writesThatFollowHalosLastAnswerOfTheInvoiceTakeOneRequestEach() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        long before = sim.requestCount();
        units.adjust(LINE, JUN_15, new BigDecimal("-4"));
        units.adjust(new ContractLine(310, 78), JUN_15, BigDecimal.ONE);
        units.adjust(LINE, JUN_15.plusDays(1), new BigDecimal("2"));

        assertThat(sim.requestCount() - before).isEqualTo(3);
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("6");
        assertThat(sim.unitsOn(310, 77, JUN_15.plusDays(1))).isEqualByComparingTo("8");
        assertThat(sim.unitsOn(310, 78, JUN_15)).isEqualByComparingTo("4");
    }

    /** An answer that does not show the write just made is not the invoice as saved: the next write reads it first. */
    @Test
    void anAnswerWithoutTheChangeJustWrittenIsNotWrittenFrom() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        sim.answerWrites(HaloSimulator.WriteAnswer.AS_BEFORE);
        units.adjust(LINE, JUN_15, new BigDecimal("-4"));
        long before = sim.requestCount();
        units.adjust(new ContractLine(310, 78), JUN_15, BigDecimal.ONE);

        assertThat(sim.requestCount() - before).as("a read and one write").isEqualTo(2);
        assertThat(sim.unitsOn(310, 77, JUN_15)).as("the first change, kept").isEqualByComparingTo("6");
        assertThat(sim.unitsOn(310, 78, JUN_15)).isEqualByComparingTo("4");
    }

    /** An answer older than the reuse time is not written from: an edit made in Halo since is kept. */
    @Test
    void anInvoiceAnsweredLongerAgoIsReadAgainBeforeTheWrite() throws Exception {
        HaloContractUnits briefly = adapter("halo-secret", "msp", "qty_order", Duration.ofMillis(200));
        assertThat(briefly.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        sim.handEdit(310, 78, JUN_01, new BigDecimal("2"));
        Thread.sleep(300);
        long before = sim.requestCount();
        briefly.adjust(LINE, JUN_15, BigDecimal.ONE);

        assertThat(sim.requestCount() - before).as("a read and one write").isEqualTo(2);
        assertThat(sim.unitsOn(310, 78, JUN_15)).as("the edit of another line, kept").isEqualByComparingTo("5");
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("11");

        HaloContractUnits never = adapter("halo-secret", "msp", "qty_order", Duration.ZERO);
        never.unitsOn(LINE, JUN_15);
        before = sim.requestCount();
        never.adjust(LINE, JUN_15, BigDecimal.ONE);
        assertThat(sim.requestCount() - before).as("reuse 0: read before every write").isEqualTo(2);
    }

    /** A write whose answer was lost may have landed: the next write reads the invoice, never the copy from before. */
    @Test
    void aWriteWithItsAnswerLostLeavesNothingToWriteFrom() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        sim.failNextWrite(Fault.RESET_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, JUN_15, BigDecimal.ONE), Outcome.UNKNOWN, "IOException");
        long before = sim.requestCount();
        units.adjust(LINE, JUN_15, BigDecimal.ONE);

        assertThat(sim.requestCount() - before).as("a read and one write").isEqualTo(2);
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("12");
    }

    /** An invoice's changes go in one write; a change of an item not on it fails alone, and the others are made. */
    @Test
    void theChangesOfAnInvoiceGoInOneWriteAndAnItemNotOnItFailsAlone() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10"); // signed in, the invoice read
        long before = sim.requestCount();
        List<Adjusted> done = units.adjust(List.of(new Adjustment(LINE, JUN_15, new BigDecimal("-4"), null, JUN_15.plusDays(2)),
                new Adjustment(new ContractLine(310, 99), JUN_15, BigDecimal.ONE, null, JUN_15),
                new Adjustment(new ContractLine(310, 78), JUN_15.plusDays(1), BigDecimal.ONE, null, JUN_15.plusDays(1))));

        assertThat(sim.requestCount() - before).as("one write, from the invoice as just read").isEqualTo(1);
        assertThat(done.get(0).failure()).isNull();
        assertThat(done.get(0).answer()).hasValueSatisfying(u -> {
            assertThat(u).containsOnlyKeys(JUN_15);
            assertThat(u.get(JUN_15)).isEqualByComparingTo("6");
        });
        assertThat(done.get(1).failure().outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(done.get(1).failure()).hasMessageContaining("not on the recurring invoice");
        assertThat(done.get(2).answer()).hasValueSatisfying(u -> assertThat(u.get(JUN_15.plusDays(1))).isEqualByComparingTo("4"));
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("6");
        assertThat(sim.unitsOn(310, 78, JUN_15)).isEqualByComparingTo("3");
        assertThat(sim.unitsOn(310, 78, JUN_15.plusDays(1))).isEqualByComparingTo("4");
    }

    /** A write of several changes whose answer was lost may have landed: each is unknown, and Halo holds them all. */
    @Test
    void aWriteOfSeveralChangesWithItsAnswerLostLeavesEachUnknown() {
        sim.failNextWrite(Fault.RESET_AFTER_APPLY);
        List<Adjusted> done = units.adjust(List.of(new Adjustment(LINE, JUN_15, BigDecimal.ONE, null, JUN_15),
                new Adjustment(new ContractLine(310, 78), JUN_15, BigDecimal.ONE, null, JUN_15)));

        assertThat(done).extracting(a -> a.failure().outcome()).containsExactly(Outcome.UNKNOWN, Outcome.UNKNOWN);
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("11");
        assertThat(sim.unitsOn(310, 78, JUN_15)).isEqualByComparingTo("4");
    }

    @Test
    void aBackDatedChangeRunsUntilTheNextLineStarts() {
        units.adjust(LINE, JUN_15, new BigDecimal("-3")); // 10 -> 7 from 15 Jun
        units.adjust(LINE, JUN_15.minusDays(5), BigDecimal.ONE); // found later: 11 from 10 Jun

        assertThat(units.unitsBetween(LINE, JUN_01, JUN_15)).containsOnlyKeys(JUN_01, JUN_15.minusDays(5), JUN_15);
        assertThat(units.unitsOn(LINE, JUN_15.minusDays(6))).isEqualByComparingTo("10");
        assertThat(units.unitsOn(LINE, JUN_15.minusDays(1))).isEqualByComparingTo("11");
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("7");
    }

    /** The quantity field is unconfirmed: a name that is configured, and a wrong one says which setting to fix. */
    @Test
    void theQuantityFieldIsTheConfiguredOne() {
        sim.quantityField("quantity");
        assertOutcome(() -> units.unitsOn(LINE, JUN_15), Outcome.MISCONFIGURED, "HALO_QUANTITY_FIELD");

        HaloContractUnits configured = adapter("halo-secret", "msp", "quantity");
        configured.adjust(LINE, JUN_15, BigDecimal.ONE);
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("11");
        assertThat(configured.unitsOn(LINE, JUN_15)).isEqualByComparingTo("11");
    }

    /** Each write sends the whole invoice: changes of its items sent side by side must not undo one another. */
    @Test
    void changesOfOneInvoiceSentSideBySideAreAllKept() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ContractLine item = new ContractLine(310, i % 2 == 0 ? 77 : 78);
                sent.add(threads.submit(() -> units.adjust(item, JUN_15, BigDecimal.ONE)));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("16");
        assertThat(sim.unitsOn(310, 78, JUN_15)).isEqualByComparingTo("9");
    }

    @Test
    void a429IsWaitedOutAndAnAnswerLostAfterApplyIsUnknown() {
        sim.failNextWrite(Fault.HTTP_429);
        units.adjust(LINE, JUN_15, BigDecimal.ONE);
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("11");
        assertThat(units.traffic().throttled()).isEqualTo(1);

        sim.failNextWrite(Fault.HTTP_500_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, JUN_15, BigDecimal.ONE), Outcome.UNKNOWN, "500");
        sim.failNextWrite(Fault.RESET_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, JUN_15, BigDecimal.ONE), Outcome.UNKNOWN, "IOException");
        // the next read sees what landed: the delivery sends only what is still missing
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("13");
    }

    @Test
    void listsEveryClientAndRecurringInvoiceOverAllPages() {
        for (long id = 200; id < 200 + HaloClient.PAGE_SIZE + 2; id++) {
            sim.addCompany(id, "Client " + id);
        }
        sim.addContract(311, 201, "Backup");
        HaloDirectory directory = new HaloDirectory(units.client());
        assertThat(directory.companies()).hasSize(HaloClient.PAGE_SIZE + 3).contains(new PsaDirectory.Company(101, "Acme Dental", true));
        assertThat(directory.contracts()).containsExactly(new PsaDirectory.Contract(310, 101, "Managed Services", true, true),
                new PsaDirectory.Contract(311, 201, "Backup", true, true));
    }

    private HaloContractUnits adapter(String secret, String tenant, String quantityField) {
        return adapter(secret, tenant, quantityField, REUSE);
    }

    private HaloContractUnits adapter(String secret, String tenant, String quantityField, Duration reuseInvoiceFor) {
        return new HaloContractUnits(new HaloContractUnits.Settings(URI.create(sim.baseUrl()), null, "halo-client", secret, tenant,
                quantityField, reuseInvoiceFor), Duration.ofSeconds(5), fastHttp(Duration.ofSeconds(5)));
    }

    /** One read per recurring invoice serves all its lines asked for; a line not on its recurring invoice is left out. */
    @Test
    void readsEachLinesOfRecurringInvoiceInOneRequest() {
        sim.addContract(311, 101, "Backup");
        sim.addLine(311, 77, new BigDecimal("6"), JUN_01);
        units.adjust(LINE, JUN_15, new BigDecimal("2"));
        NavigableMap<LocalDate, BigDecimal> line = assertBulkReadAsAlone(units, sim::requestCount, 2,
                List.of(LINE, new ContractLine(310, 78), new ContractLine(311, 77)), new ContractLine(310, 99),
                JUN_01, JUN_15.plusDays(10));

        assertThat(line).containsOnlyKeys(JUN_01, JUN_15);
        assertThat(line.get(JUN_01)).isEqualByComparingTo("10");
        assertThat(line.get(JUN_15)).isEqualByComparingTo("12");
    }
}
