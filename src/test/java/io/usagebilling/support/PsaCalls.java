package io.usagebilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.psa.HourlyBudget;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.time.Duration;

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
}
