package io.usagebilling.psa.autotask;

import static io.usagebilling.support.PsaCalls.FAST;
import static io.usagebilling.support.PsaCalls.assertOutcome;
import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.HourlyBudget;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.support.LogCapture;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against the Autotask simulator, over real HTTP on loopback. */
class AutotaskContractUnitsTest {

    private static final String CODE = "SIMINTEGRATIONCODE000000001";
    private static final String USER = "api-user@msp.example";
    private static final String SECRET = "sim-secret-1";
    private static final ContractLine LINE = new ContractLine(300, 40);
    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    private AutotaskSimulator sim;
    private AutotaskContractUnits units;

    @BeforeEach
    void startSimulator() {
        sim = AutotaskSimulator.start(CODE, USER, SECRET);
        sim.addCompany(10, "Acme Dental");
        sim.addContract(300, 10, "Acme managed services");
        sim.addLine(300, 40, new BigDecimal("5"), START);
        units = adapter(USER, SECRET, Duration.ofSeconds(5));
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void resolvesTheZoneOnceThenReadsInitialUnits() {
        assertThat(units.unitsOn(LINE, LocalDate.of(2026, 2, 10))).isEqualByComparingTo("5");
        assertThat(units.traffic().requests()).isEqualTo(2); // zone lookup + query
        assertThat(units.unitsOn(LINE, START)).isEqualByComparingTo("5");
        assertThat(units.traffic().requests()).isEqualTo(3).isEqualTo(sim.requestCount());
    }

    /** A contract billed by the quarter has one unit row per quarter, split at each adjustment, read like monthly ones. */
    @Test
    void quarterlyPeriodsAreReadAndAdjustedLikeMonthlyOnes() {
        sim.addContract(301, 10, "Acme backup, billed quarterly");
        sim.billingPeriodMonths(301, 3);
        ContractLine quarterly = new ContractLine(301, 41);
        sim.addLine(301, 41, new BigDecimal("8"), START);

        units.adjust(quarterly, LocalDate.of(2026, 2, 10), new BigDecimal("2"));

        assertThat(units.unitsBetween(quarterly, START, LocalDate.of(2026, 7, 31))).containsExactly(
                entry(START, new BigDecimal("8")), entry(LocalDate.of(2026, 2, 10), new BigDecimal("10")));
        assertThat(sim.unitRows(301, 41)).as("rows: quarter 1 split at the adjustment, then whole quarters")
                .startsWith("2026-01-01..2026-02-09:8", "2026-02-10..2026-03-31:10", "2026-04-01..2026-06-30:10",
                        "2026-07-01..2026-09-30:10");
    }

    @Test
    void wrongSecretIsASettingToFixWithoutLeakingIt() {
        AutotaskContractUnits wrong = adapter(USER, "not-the-secret", Duration.ofSeconds(5));
        PsaException e = catchThrowableOfType(PsaException.class, () -> wrong.adjust(LINE, START, BigDecimal.ONE));
        assertThat(e.outcome()).isEqualTo(Outcome.MISCONFIGURED);
        assertThat(e.getMessage()).contains("401").contains("AUTOTASK_SECRET").contains(LINE.toString())
                .doesNotContain("not-the-secret");
        assertThat(sim.writeCount()).isZero();
    }

    @Test
    void unknownUserIsASettingToFixNotARetriedFailure() {
        AutotaskContractUnits stranger = adapter("nobody@msp.example", SECRET, Duration.ofSeconds(5));
        assertOutcome(() -> stranger.unitsOn(LINE, START), Outcome.MISCONFIGURED, "AUTOTASK_USERNAME");
        assertOutcome(() -> stranger.unitsOn(LINE, START), Outcome.MISCONFIGURED, "nobody@msp.example");
        assertThat(sim.requestCount()).isEqualTo(2); // one zone lookup per call, none repeated
    }

    @Test
    void refusedIntegrationCodeIsASettingToFixNeverAMaybeAppliedWrite() {
        AutotaskContractUnits wrongCode = new AutotaskContractUnits(URI.create(sim.zoneLookupBase()), "REVOKEDCODE", USER,
                SECRET, Duration.ofSeconds(5), fastHttp(Duration.ofSeconds(5)));
        assertOutcome(() -> wrongCode.adjust(LINE, START, BigDecimal.ONE), Outcome.MISCONFIGURED, "AUTOTASK_INTEGRATION_CODE");
        assertOutcome(() -> wrongCode.unitsOn(LINE, START), Outcome.MISCONFIGURED, "psa.autotask.integration-code");
        assertThat(sim.requestCount()).isEqualTo(3); // zone lookup, the write, the read: nothing repeated
        assertThat(sim.writeCount()).isZero();
        assertThatThrownBy(() -> wrongCode.unitsOn(LINE, START)).message().doesNotContain("REVOKEDCODE");
    }

    @Test
    void adjustmentCountsFromItsEffectiveDateOn() {
        units.adjust(LINE, LocalDate.of(2026, 3, 15), new BigDecimal("3"));

        assertThat(units.unitsOn(LINE, LocalDate.of(2026, 3, 14))).isEqualByComparingTo("5");
        assertThat(units.unitsOn(LINE, LocalDate.of(2026, 3, 15))).isEqualByComparingTo("8");
        assertThat(units.unitsOn(LINE, LocalDate.of(2026, 7, 1))).isEqualByComparingTo("8");
        assertThat(sim.adjustments()).containsExactly(new Adjustment(300, 40, LocalDate.of(2026, 3, 15), new BigDecimal("3")));
        assertThat(sim.writeCount()).isEqualTo(1);
    }

    @Test
    void midMonthAdjustmentSplitsThePeriod() {
        units.adjust(LINE, LocalDate.of(2026, 3, 15), new BigDecimal("3.000"));
        units.adjust(LINE, LocalDate.of(2026, 4, 1), new BigDecimal("-2"));

        ObjectNode query = units.client().newObject().put("MaxRecords", 500);
        query.putArray("filter")
                .add(condition(query, "eq", "contractID").put("value", 300))
                .add(condition(query, "gte", "startDate").put("value", "2026-03-01T00:00:00"))
                .add(condition(query, "lte", "startDate").put("value", "2026-04-30T00:00:00"));
        List<String> rows = units.client().query("ContractServiceUnits", query, "test").stream()
                .map(row -> row.get("startDate").asText() + ".." + row.get("endDate").asText() + "=" + row.get("units").asText())
                .toList();

        assertThat(rows).containsExactly(
                "2026-03-01T00:00:00..2026-03-14T00:00:00=5",
                "2026-03-15T00:00:00..2026-03-31T00:00:00=8",
                "2026-04-01T00:00:00..2026-04-30T00:00:00=6");
    }

    @Test
    void queriesFollowNextPageUrlUntilNull() {
        for (long id = 11; id <= 14; id++) {
            sim.addCompany(id, "Company " + id);
        }
        ObjectNode query = units.client().newObject().put("MaxRecords", 2);
        query.putArray("filter").add(condition(query, "exist", "id"));

        List<JsonNode> companies = units.client().query("Companies", query, "test");

        assertThat(companies).extracting(c -> c.get("id").asLong()).containsExactly(10L, 11L, 12L, 13L, 14L);
        assertThat(units.traffic().requests()).isEqualTo(4).isEqualTo(sim.requestCount()); // zone + 3 pages
    }

    @Test
    void lineNotOnTheContractIsRejectedBeforeAnythingIsWritten() {
        ContractLine missing = new ContractLine(300, 41);
        assertThatThrownBy(() -> units.unitsOn(missing, LocalDate.of(2026, 2, 1)))
                .isInstanceOfSatisfying(PsaException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED))
                .hasMessage("no ContractServiceUnits row of contract 300 service 41 covers 2026-02-01: "
                        + "the service line is not on the contract");
        assertThatThrownBy(() -> units.unitsOn(LINE, LocalDate.of(2025, 12, 31)))
                .isInstanceOf(PsaException.class).hasMessageContaining("covers 2025-12-31");
        assertThat(sim.writeCount()).isZero();
        assertThat(sim.implicitServiceLines()).isEmpty();
    }

    @Test
    void fractionalUnitChangeIsRefusedBeforeSending() {
        assertThatThrownBy(() -> units.adjust(LINE, START, new BigDecimal("1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LINE.toString());
        assertThat(units.traffic().requests()).isZero();
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void http500AfterApplyIsUnknownAndTheChangeLanded() {
        sim.failNextAdjustment(Fault.HTTP_500_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE), Outcome.UNKNOWN, "500");
        assertThat(sim.unitsOn(300, 40, LocalDate.of(2026, 2, 1))).isEqualByComparingTo("6");
    }

    @Test
    void http500BeforeApplyIsAlsoUnknownButNothingLanded() {
        sim.failNextAdjustment(Fault.HTTP_500_BEFORE_APPLY);
        assertOutcome(() -> units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE), Outcome.UNKNOWN, "500");
        assertThat(sim.unitsOn(300, 40, LocalDate.of(2026, 2, 1))).isEqualByComparingTo("5");
    }

    @Test
    void responseSlowerThanTheTimeoutIsUnknownAndTheChangeLanded() {
        AutotaskContractUnits impatient = adapter(USER, SECRET, Duration.ofMillis(300));
        sim.setFaultDelay(Duration.ofSeconds(3));
        sim.failNextAdjustment(Fault.DELAY_AFTER_APPLY);
        assertOutcome(() -> impatient.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE), Outcome.UNKNOWN, "HttpTimeoutException");
        assertThat(sim.unitsOn(300, 40, LocalDate.of(2026, 2, 1))).isEqualByComparingTo("6");
    }

    @Test
    void throttledAdjustmentWaitsOutRetryAfterThenLandsOnce() {
        sim.failNextAdjustment(Fault.HTTP_429);
        long started = System.nanoTime();
        units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sim.writeCount()).isEqualTo(1);
        assertThat(sim.unitsOn(300, 40, LocalDate.of(2026, 2, 1))).isEqualByComparingTo("6");
        assertThat(units.traffic().throttled()).isEqualTo(1);
        assertThat(units.traffic().retries()).isEqualTo(1);
    }

    @Test
    void threadLimitRefusalWithA500IsWaitedOutThenTheWriteLandsOnce() {
        sim.failNextAdjustment(Fault.THREAD_LIMIT); // Itgenatr005, another client holding the endpoint's threads
        units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE);
        assertThat(sim.writeCount()).isEqualTo(1);
        assertThat(sim.unitsOn(300, 40, LocalDate.of(2026, 2, 1))).isEqualByComparingTo("6");
        assertThat(units.traffic().throttled()).isEqualTo(1);
        assertThat(units.traffic().retries()).isEqualTo(1);
    }

    @Test
    void retryAfterLongerThanWeWaitIsDeferredAndNothingLanded() {
        sim.setHourlyThreshold(2); // zone lookup + one read, then the PSA says "an hour"
        units.unitsOn(LINE, START);
        assertOutcome(() -> units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE), Outcome.DEFERRED, "429");
        assertThat(sim.writeCount()).isZero();
        assertThat(units.traffic().retries()).isZero();
    }

    @Test
    void failedReadsAreRetriedWithBackOffButAFailedWriteNever() {
        sim.failNextQueries(2, 503);
        assertThat(units.unitsOn(LINE, START)).isEqualByComparingTo("5");
        assertThat(units.traffic().retries()).isEqualTo(2);
        assertThat(sim.requestCount()).isEqualTo(4); // zone + 2 failed reads + the read that answered

        sim.failNextAdjustment(Fault.HTTP_500_BEFORE_APPLY);
        assertOutcome(() -> units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE), Outcome.UNKNOWN, "500");
        assertThat(sim.requestCount()).isEqualTo(5);
        assertThat(units.traffic().retries()).isEqualTo(2);
    }

    @Test
    void readsFailingBeyondTheRetriesAreUnknown() {
        sim.failNextQueries(10, 500);
        assertOutcome(() -> units.unitsOn(LINE, START), Outcome.UNKNOWN, "500");
        assertThat(sim.requestCount()).isEqualTo(1 + 1 + 3); // zone, the read, 3 retries
    }

    @Test
    void aSpentBudgetSendsNothing() {
        AutotaskContractUnits budgeted = budgeted(new CountedBudget(2));
        budgeted.unitsOn(LINE, START);
        assertOutcome(() -> budgeted.adjust(LINE, START, BigDecimal.ONE), Outcome.DEFERRED, "budget");
        assertThat(sim.requestCount()).isEqualTo(2);
        assertThat(sim.writeCount()).isZero();
    }

    @Test
    void beforeADeliveryWhatTheTenantHasLeftOfItsHourCapsTheBudget() {
        CountedBudget budget = new CountedBudget(5_000);
        AutotaskContractUnits capped = budgeted(budget);
        sim.setCurrentTimeframeRequestCount(9_990); // other integrations of the tenant

        capped.beforeDelivery(); // zone lookup and ThresholdInformation: 9,992 of 10,000 spent
        assertThat(budget.remaining()).isEqualTo(8);
        capped.beforeDelivery();
        assertThat(budget.remaining()).as("read again: 9,993 spent").isEqualTo(7);
        assertThat(sim.requestCount()).isEqualTo(3);
    }

    @Test
    void aThresholdReadThatFailsWarnsOnceUntilOneAnswersAndLeavesTheBudgetAsItWas() {
        CountedBudget budget = new CountedBudget(5_000);
        AutotaskContractUnits capped = budgeted(budget);
        try (LogCapture log = LogCapture.of(Level.WARN)) {
            sim.setHourlyThreshold(1); // the zone lookup, then 429s with a Retry-After of an hour
            capped.beforeDelivery();
            capped.beforeDelivery();
            assertThat(log.lines()).singleElement().asString().contains("request threshold could not be read").contains("429");

            sim.setHourlyThreshold(10_000);
            capped.beforeDelivery();
            sim.setHourlyThreshold(1);
            capped.beforeDelivery();
            assertThat(log.lines()).hasSize(2);
        }
        assertThat(budget.remaining()).as("only the 5 requests sent").isEqualTo(4_995);
    }

    @Test
    void aConnectionResetAfterApplyIsUnknownAndTheChangeLanded() {
        sim.failNextAdjustment(Fault.RESET_AFTER_APPLY);
        assertOutcome(() -> units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE), Outcome.UNKNOWN, "IOException");
        assertThat(sim.writeCount()).isEqualTo(1);
    }

    @Test
    void unreachablePsaIsUnknown() {
        units.unitsOn(LINE, START); // resolves the zone
        sim.close();
        assertOutcome(() -> units.adjust(LINE, START, BigDecimal.ONE), Outcome.UNKNOWN, "ConnectException");
    }

    @Test
    void requestsSentMatchesWhatTheSimulatorReceived() {
        units.unitsOn(LINE, START);
        units.adjust(LINE, LocalDate.of(2026, 2, 1), new BigDecimal("2"));
        sim.failNextAdjustment(Fault.HTTP_429);
        units.adjust(LINE, LocalDate.of(2026, 2, 1), BigDecimal.ONE);
        assertOutcome(() -> units.unitsOn(new ContractLine(300, 99), START), Outcome.REJECTED, "not on the contract");
        units.unitsOn(LINE, LocalDate.of(2026, 2, 1));

        assertThat(units.traffic().requests()).isEqualTo(7).isEqualTo(sim.requestCount()); // zone + 6 calls, one a 429
    }

    @Test
    void concurrentReadsShareOneZoneLookupAndStayWithinTheThreadLimit() throws Exception {
        sim.setResponseDelay(Duration.ofMillis(50));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<BigDecimal>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> units.unitsOn(LINE, LocalDate.of(2026, 5, 20))));
            }
            for (Future<BigDecimal> result : results) {
                assertThat(result.get()).isEqualByComparingTo("5");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(units.traffic().requests()).isEqualTo(41).isEqualTo(sim.requestCount());
        assertThat(sim.maxInFlight()).isEqualTo(3);
        assertThat(units.traffic().throttled()).isZero();
    }

    @Test
    void firstAndNextPagesShareTheEndpointsThreeThreads() throws Exception {
        for (long id = 11; id <= 14; id++) {
            sim.addCompany(id, "Company " + id);
        }
        sim.setResponseDelay(Duration.ofMillis(50));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<JsonNode>>> listings = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ObjectNode query = units.client().newObject().put("MaxRecords", 1);
                query.putArray("filter").add(condition(query, "exist", "id"));
                listings.add(pool.submit(() -> units.client().query("Companies", query, "test")));
            }
            for (Future<List<JsonNode>> listing : listings) {
                assertThat(listing.get()).hasSize(5);
            }
        } finally {
            pool.shutdownNow();
        }
        // next-page URLs say /V1.0/, the first page /v1.0/: one endpoint all the same
        assertThat(sim.maxInFlight()).isEqualTo(3);
        assertThat(units.traffic().throttled()).isZero();
    }

    private AutotaskContractUnits budgeted(HourlyBudget budget) {
        return new AutotaskContractUnits(URI.create(sim.zoneLookupBase()), CODE, USER, SECRET, Duration.ofSeconds(5),
                new PsaHttp(Duration.ofSeconds(5), budget, FAST));
    }

    /** A budget of this instance alone: the PostgreSQL one is PsaRequestBudgetTest's. */
    private static final class CountedBudget implements HourlyBudget {

        private final AtomicLong left;

        CountedBudget(long requests) {
            left = new AtomicLong(requests);
        }

        @Override
        public boolean tryTake() {
            return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }

        @Override
        public long remaining() {
            return left.get();
        }

        @Override
        public long noMoreThan(long requestsLeft) {
            long before = left.getAndUpdate(n -> Math.min(n, Math.max(0, requestsLeft)));
            return before - left.get();
        }
    }

    private AutotaskContractUnits adapter(String user, String secret, Duration timeout) {
        return new AutotaskContractUnits(URI.create(sim.zoneLookupBase()), CODE, user, secret, timeout,
                fastHttp(timeout));
    }

    private static ObjectNode condition(ObjectNode factory, String op, String field) {
        return factory.objectNode().put("op", op).put("field", field);
    }

}
