package io.usagebilling.psa.connectwise;

import static io.usagebilling.support.PsaCalls.assertBulkReadAsAlone;
import static io.usagebilling.support.PsaCalls.assertOutcome;
import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.PsaDirectory;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.sim.psa.ConnectWiseSimulator;
import io.usagebilling.sim.psa.DatedQuantities.Row;
import io.usagebilling.sim.psa.WriteFaults.Fault;
import io.usagebilling.support.OtherPsas;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ConnectWise adapter against its simulator, over real HTTP on loopback. */
class ConnectWiseContractUnitsTest {

    private static final ContractLine LINE = new ContractLine(871, 42);
    private static final LocalDate JUN_01 = LocalDate.of(2026, 6, 1);
    private static final LocalDate JUN_15 = LocalDate.of(2026, 6, 15);

    private ConnectWiseSimulator sim;
    private ConnectWiseContractUnits units;

    @BeforeEach
    void start() {
        sim = OtherPsas.connectWise();
        sim.addCompany(101, "Acme Dental");
        sim.addContract(871, 101, "Managed Devices");
        sim.addLine(871, 42, new BigDecimal("10"), JUN_01);
        units = adapter("priv");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void readsTheQuantityInForceAndRefusesAProductNotOnTheAgreement() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(units.unitsOn(LINE, JUN_01.minusDays(1))).isEqualByComparingTo("0");
        assertOutcome(() -> units.unitsOn(new ContractLine(871, 99), JUN_15), Outcome.REJECTED, "not on the agreement");
    }

    @Test
    void aChangeMidPeriodCancelsTheAdditionTheDayBeforeAndStartsANewOne() {
        units.adjust(LINE, JUN_15, new BigDecimal("-3"));

        assertThat(sim.additions()).extracting(Row::quantity, Row::start, Row::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("10"), JUN_01, JUN_15.minusDays(1)),
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("7"), JUN_15, null));
        assertThat(units.unitsOn(LINE, JUN_15.minusDays(1))).isEqualByComparingTo("10");
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("7");

        units.adjust(LINE, JUN_15, BigDecimal.ONE); // same day again: patched in place
        assertThat(sim.additions()).hasSize(2);
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("8");
    }

    /**
     * Given the agreement's bulk read, a change is its writes alone: the addition in force ended and a new
     * one (two), then the same day again patched in place from the read-back (one).
     */
    @Test
    void aChangeWorkedOutFromTheRunsReadIsItsWritesAlone() {
        sim.addLine(871, 43, new BigDecimal("4"), JUN_01);
        NavigableMap<LocalDate, BigDecimal> read = units.unitsBetween(List.of(LINE, new ContractLine(871, 43)), JUN_01, JUN_15)
                .get(LINE);
        long before = sim.requestCount();
        units.adjust(LINE, JUN_15, new BigDecimal("-3"), read);
        assertThat(sim.requestCount() - before).as("PATCH, POST").isEqualTo(2);

        NavigableMap<LocalDate, BigDecimal> readBack = units.unitsBetween(LINE, JUN_15, JUN_15);
        before = sim.requestCount();
        units.adjust(LINE, JUN_15, BigDecimal.ONE, readBack);
        assertThat(sim.requestCount() - before).as("PATCH in place").isEqualTo(1);
        assertThat(sim.unitsOn(871, 42, JUN_15.minusDays(1))).isEqualByComparingTo("10");
        assertThat(sim.unitsOn(871, 42, JUN_15)).isEqualByComparingTo("8");
        assertThat(sim.additions()).hasSize(3);
    }

    @Test
    void aBackDatedChangeRunsUntilTheNextAdditionStartsSoNeverTwoAreInForce() {
        units.adjust(LINE, JUN_15, new BigDecimal("-3")); // 10 -> 7 from 15 Jun
        units.adjust(LINE, JUN_15.minusDays(5), BigDecimal.ONE); // later found: 11 from 10 Jun

        assertThat(sim.additions()).extracting(Row::quantity, Row::start, Row::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("10"), JUN_01, JUN_15.minusDays(6)),
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("7"), JUN_15, null),
                        org.assertj.core.groups.Tuple.tuple(new BigDecimal("11"), JUN_15.minusDays(5), JUN_15.minusDays(1)));
        assertThat(units.unitsOn(LINE, JUN_15.minusDays(1))).isEqualByComparingTo("11");
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("7");
    }

    @Test
    void listsEveryCompanyAndAgreementOverAllPages() {
        for (long id = 200; id < 200 + ConnectWiseClient.PAGE_SIZE + 2; id++) {
            sim.addCompany(id, "Client " + id);
        }
        sim.addContract(902, 1101, "Managed Devices");
        ConnectWiseDirectory directory = new ConnectWiseDirectory(units.client());
        assertThat(directory.companies()).hasSize(ConnectWiseClient.PAGE_SIZE + 3)
                .contains(new PsaDirectory.Company(101, "Acme Dental", true));
        assertThat(directory.contracts()).containsExactly(
                new PsaDirectory.Contract(871, 101, "Managed Devices", true, true),
                new PsaDirectory.Contract(902, 1101, "Managed Devices", true, true));
    }

    @Test
    void readsEveryPage() {
        sim.addContract(900, 101, "Backup");
        for (int i = 0; i < ConnectWiseClient.PAGE_SIZE + 5; i++) {
            sim.addLine(900, 7, BigDecimal.ONE, JUN_01.plusDays(i % 20));
        }
        assertThat(units.unitsOn(new ContractLine(900, 7), LocalDate.of(2026, 7, 1))).isEqualByComparingTo("1005");
        assertThat(sim.requestCount()).isEqualTo(2);
    }

    /**
     * ConnectWise names the next page in a Link header: a server that serves fewer rows than asked
     * (its own page limit) still has every page read, where "a short page is the last" would stop early.
     */
    @Test
    void followsTheLinkHeaderToTheNextPageWhenTheServerServesLessThanAsked() {
        sim.servePagesOfAtMost(100);
        sim.addContract(900, 101, "Backup");
        for (int i = 0; i < 250; i++) {
            sim.addLine(900, 7, BigDecimal.ONE, JUN_01.plusDays(i % 20));
        }
        assertThat(units.unitsOn(new ContractLine(900, 7), LocalDate.of(2026, 7, 1))).isEqualByComparingTo("250");
        assertThat(sim.requestCount()).isEqualTo(3);
    }

    /** Refused keys are a setting to fix (the change stays planned), not a refused change, and the key is not shown. */
    @Test
    void wrongKeysAreASettingToFix() {
        assertOutcome(() -> adapter("wrong").unitsOn(LINE, JUN_15), Outcome.MISCONFIGURED, "CONNECTWISE_PRIVATE_KEY");
        assertThatThrownBy(() -> adapter("wrong").unitsOn(LINE, JUN_15)).message().doesNotContain("wrong");
    }

    @Test
    void a429IsWaitedOutAndAnAnswerLostAfterApplyIsUnknown() {
        sim.failNextWrite(Fault.HTTP_429);
        units.adjust(LINE, JUN_15, BigDecimal.ONE);
        assertThat(sim.unitsOn(871, 42, JUN_15)).isEqualByComparingTo("11");
        assertThat(units.traffic().throttled()).isEqualTo(1);

        sim.failNextWrite(Fault.HTTP_500_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, JUN_15, BigDecimal.ONE), Outcome.UNKNOWN, "500");
        assertThat(sim.unitsOn(871, 42, JUN_15)).isEqualByComparingTo("12");

        sim.failNextWrite(Fault.RESET_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, JUN_15, BigDecimal.ONE), Outcome.UNKNOWN, "IOException");
        // the next read sees what landed: the delivery sends only what is still missing
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("13");
    }

    private ConnectWiseContractUnits adapter(String privateKey) {
        return new ConnectWiseContractUnits(URI.create(sim.baseUrl()), "msp", "pub", privateKey, "client-guid",
                Duration.ofSeconds(5), fastHttp(Duration.ofSeconds(5)));
    }

    /** One read per agreement serves all its lines asked for; a line not on its agreement is left out. */
    @Test
    void readsEachLinesOfAgreementInOneRequest() {
        sim.addLine(871, 43, new BigDecimal("4"), JUN_01);
        sim.addContract(872, 101, "Backup");
        sim.addLine(872, 42, new BigDecimal("6"), JUN_01);
        units.adjust(LINE, JUN_15, new BigDecimal("2"));
        NavigableMap<LocalDate, BigDecimal> line = assertBulkReadAsAlone(units, sim::requestCount, 2,
                List.of(LINE, new ContractLine(871, 43), new ContractLine(872, 42)), new ContractLine(871, 99),
                JUN_01, JUN_15.plusDays(10));

        assertThat(line).containsOnlyKeys(JUN_01, JUN_15);
        assertThat(line.get(JUN_01)).isEqualByComparingTo("10");
        assertThat(line.get(JUN_15)).isEqualByComparingTo("12");
    }
}
