package io.usagebilling.psa.bms;

import static io.usagebilling.support.PsaCalls.assertBulkReadAsAlone;
import static io.usagebilling.support.PsaCalls.assertOutcome;
import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.sim.psa.BmsSimulator;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kaseya BMS adapter against its simulator, over real HTTP on loopback. */
class BmsContractUnitsTest {

    private static final ContractLine LINE = new ContractLine(310, 77);
    private static final LocalDate JUN_01 = LocalDate.of(2026, 6, 1);
    private static final LocalDate JUN_15 = LocalDate.of(2026, 6, 15);

    private BmsSimulator sim;
    private BmsContractUnits units;

    @BeforeEach
    void start() {
        sim = OtherPsas.bms();
        sim.addLine(310, 77, new BigDecimal("10"), JUN_01);
        units = adapter("pw");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** The wire as public clients show it: a form sign-in with grantType=password, camelCase answers. */
    @Test
    void signsInWithAFormReadsCamelCaseAndSignsInAgainWhenTheTokenExpires() {
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(sim.requestCount()).isEqualTo(2); // authenticate, read
        sim.expireAccessToken();

        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(sim.authenticationCount()).isEqualTo(2);
        assertThat(sim.requestCount()).isEqualTo(5); // refused read, authenticate, read
    }

    @Test
    void wrongCredentialsAreASettingToFixAndServicesNotOnTheContractAreRefused() {
        assertOutcome(() -> adapter("wrong").unitsOn(LINE, JUN_15), Outcome.MISCONFIGURED, "BMS_PASSWORD");
        assertOutcome(() -> units.unitsOn(new ContractLine(310, 99), JUN_15), Outcome.REJECTED, "not on the contract");
    }

    @Test
    void aChangeSplitsTheQuantityRowAtItsEffectiveDate() {
        units.adjust(LINE, JUN_15, new BigDecimal("-4"));
        assertThat(units.unitsOn(LINE, JUN_15.minusDays(1))).isEqualByComparingTo("10");
        assertThat(units.unitsOn(LINE, JUN_15)).isEqualByComparingTo("6");
        assertThat(sim.rows()).hasSize(2);
    }

    /** Given the run's read of the line, a change is its PUT alone, of the quantity the read and the change make. */
    @Test
    void aChangeWorkedOutFromTheRunsReadIsOnePutOfTheTarget() {
        NavigableMap<LocalDate, BigDecimal> read = units.unitsBetween(LINE, JUN_01, JUN_15);
        sim.handEdit(310, 77, JUN_01, new BigDecimal("5")); // an edit in BMS since the read
        long before = sim.requestCount();
        units.adjust(LINE, JUN_15, new BigDecimal("-4"), read);

        assertThat(sim.requestCount() - before).isEqualTo(1);
        assertThat(sim.unitsOn(310, 77, JUN_15)).as("the target the read and the change make, not 15 - 4")
                .isEqualByComparingTo("6");
        assertThat(sim.unitsOn(310, 77, JUN_15.minusDays(1))).isEqualByComparingTo("15");
    }

    /** The public queries number the first page 0 and 1: either, as configured, reads every row once. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void readsEveryPageWhicheverNumberTheFirstHas(int firstPage) {
        sim.firstPage(firstPage);
        units = adapter("pw", firstPage);
        for (long service = 1000; service < 1000 + BmsContractUnits.PAGE_SIZE + 20; service++) {
            sim.addLine(310, service, BigDecimal.ONE, JUN_01);
        }
        assertThat(units.unitsOn(new ContractLine(310, 1000), JUN_15)).isEqualByComparingTo("1");
        assertThat(units.unitsOn(new ContractLine(310, 1000 + BmsContractUnits.PAGE_SIZE + 10), JUN_15))
                .isEqualByComparingTo("1");
    }

    @Test
    void a429IsWaitedOutAndALostAnswerIsUnknownButRepeatingItIsHarmless() {
        sim.failNextWrite(Fault.HTTP_429);
        units.adjust(LINE, JUN_15, BigDecimal.ONE);
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("11");

        sim.failNextWrite(Fault.RESET_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, JUN_15, BigDecimal.ONE), Outcome.UNKNOWN, "IOException");
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("12");
        sim.failNextWrite(Fault.HTTP_500_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, JUN_15, BigDecimal.ZERO), Outcome.UNKNOWN, "500");
        assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("12"); // an absolute quantity, set again
    }

    private BmsContractUnits adapter(String password) {
        return adapter(password, 0);
    }

    private BmsContractUnits adapter(String password, int firstPage) {
        return new BmsContractUnits(new BmsContractUnits.Settings(URI.create(sim.baseUrl()), "api@msp", password, "MSP Tenant",
                firstPage), Duration.ofSeconds(5), fastHttp(Duration.ofSeconds(5)));
    }

    /** One read per contract serves all its lines asked for; a line not on its contract is left out. */
    @Test
    void readsEachLinesOfContractInOneRequest() {
        sim.addLine(310, 78, new BigDecimal("4"), JUN_01);
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
