package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicenseTest {

    private static final LocalDate SEP_10 = LocalDate.of(2026, 9, 10);

    @Test
    void aTrialLasts14DaysFromTheFirstInstallThenIsPaid() {
        License trial = license("dev-1", License.trialEnd(SEP_10), true, null, null);
        assertThat(trial.trialEnds()).isEqualTo(LocalDate.of(2026, 9, 23)); // 10..23 September: 14 days
        assertThat(trial.stateOn(LocalDate.of(2026, 9, 23))).isEqualTo(License.State.ACTIVE_TRIAL);
        assertThat(trial.stateOn(LocalDate.of(2026, 9, 24))).isEqualTo(License.State.PAID);
    }

    @Test
    void withAutoRenewalOffItIsValidUntilTheEndOfTheMonth() {
        LocalDate until = License.validUntilWithoutRenewal(LocalDate.of(2026, 9, 15));
        assertThat(until).isEqualTo(LocalDate.of(2026, 9, 30));
        License lapsing = license("dev-1", null, false, until, null);
        assertThat(lapsing.stateOn(LocalDate.of(2026, 9, 30))).isEqualTo(License.State.PAID);
        assertThat(lapsing.stateOn(LocalDate.of(2026, 10, 1))).isEqualTo(License.State.RELEASED);
        assertThat(lapsing.usedOn(LocalDate.of(2026, 10, 1))).isFalse();
    }

    @Test
    void theCountersOfTheGrid() {
        LocalDate day = LocalDate.of(2026, 9, 20);
        List<License> licenses = List.of(
                license("dev-1", License.trialEnd(SEP_10), true, null, null), // active trial, used
                license("dev-2", null, true, null, null),                     // paid, used
                license(null, null, true, null, null),                        // paid, not assigned
                license("dev-3", null, true, null, LocalDate.of(2026, 9, 20))); // released that day
        assertThat(LicenseCounters.of(licenses, day)).isEqualTo(new LicenseCounters(4, 1, 2, 1, 2));
        assertThat(LicenseCounters.of(licenses, day).line()).isEqualTo("all=4 active_trial=1 paid=2 released=1 used=2");
    }

    private static License license(String asset, LocalDate trialEnds, boolean autoRenew, LocalDate validUntil, LocalDate released) {
        return new License(1, 101, "backup", "server", asset, SEP_10, trialEnds, autoRenew, validUntil, released);
    }
}
