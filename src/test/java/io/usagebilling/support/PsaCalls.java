package io.usagebilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.HourlyBudget;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.LongSupplier;

/** For adapter tests: PSA transport with the real limits but short back-off, and outcome assertions. */
public final class PsaCalls {

    /** Real limits (3 per endpoint, 3 retries), back-off of 20 ms so the tests stay quick. */
    public static final PsaHttp.Settings FAST = new PsaHttp.Settings(3, 3, Duration.ofMillis(20), 3, Duration.ofSeconds(5));

    private PsaCalls() {}

    public static PsaHttp fastHttp(Duration timeout) {
        return new PsaHttp(timeout, UNLIMITED, FAST);
    }

    /** No hourly limit: the adapter tests talk to a simulator outside any sync. */
    public static final HourlyBudget UNLIMITED = new HourlyBudget() {
        @Override
        public boolean tryTake() {
            return true;
        }

        @Override
        public long remaining() {
            return Long.MAX_VALUE;
        }

        @Override
        public long noMoreThan(long requestsLeft) {
            return 0; // unlimited stays unlimited: adapter tests count requests at the simulator
        }
    };

    public static void assertOutcome(Runnable call, Outcome outcome, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(PsaException.class, e -> assertThat(e.outcome()).isEqualTo(outcome))
                .hasMessageContaining(messagePart);
    }

    /**
     * Reads {@code onTheirContracts} and {@code notOnItsContract} in bulk from {@code from} to {@code to} and
     * checks it took {@code requests} requests (counted at the simulator), left the stray line out and read
     * each other line as it reads alone. Returns the first line's units.
     */
    public static NavigableMap<LocalDate, BigDecimal> assertBulkReadAsAlone(ContractUnits units, LongSupplier simRequests,
            long requests, List<ContractLine> onTheirContracts, ContractLine notOnItsContract, LocalDate from, LocalDate to) {
        List<ContractLine> asked = new ArrayList<>(onTheirContracts);
        asked.add(notOnItsContract);
        long before = simRequests.getAsLong();
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> read = units.unitsBetween(asked, from, to);
        assertThat(simRequests.getAsLong() - before).as("requests of the bulk read").isEqualTo(requests);
        assertThat(read).containsOnlyKeys(onTheirContracts.toArray(ContractLine[]::new));
        for (ContractLine line : onTheirContracts) {
            assertThat(read.get(line)).as(line.toString()).isEqualTo(units.unitsBetween(line, from, to));
        }
        return read.get(onTheirContracts.get(0));
    }
}
