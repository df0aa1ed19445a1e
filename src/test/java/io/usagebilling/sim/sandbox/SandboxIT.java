package io.usagebilling.sim.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.SandboxService;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * As the README says: terminal 1 {@code sandbox}, terminal 2 {@code run} with the environment the
 * sandbox printed; then yesterday's sync, beside the running service, delivers to the simulated PSA.
 */
class SandboxIT {

    @ParameterizedTest
    @ValueSource(strings = {"autotask", "connectwise", "bms", "halopsa"})
    void theServicePointedAtTheSandboxSyncsAndDelivers(String psa) throws Exception {
        try (SandboxService sandbox = SandboxService.start(psa, 1)) {
            assertThat(sandbox.env()).containsEntry("BILLING_PSA", psa)
                    .containsKeys("DATTO_RMM_URL", "BILLING_DROP_DIR", "CALLBACKS_VULSCAN_SECRET");
            LocalDate yesterday = sandbox.yesterday();

            String printed = sandbox.verb("sync", "--date", yesterday.toString());

            assertThat(printed).containsPattern("sync " + yesterday + ": records=\\d+ .* adjustments=[1-9]\\d* undelivered=0")
                    .as("every module's usage taken in: the CSV modules' files too").doesNotContain("missing=", "failed_modules=");
        }
    }
}
