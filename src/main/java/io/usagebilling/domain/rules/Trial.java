package io.usagebilling.domain.rules;

import java.time.LocalDate;

/**
 * The free trial (seed 002): "as soon as you have installed any Agent to the computer, the 14 day
 * trial license will be added automatically". The install day is trial day 1, so with 14 days the
 * first billable day is install + 14.
 */
public final class Trial {

    public static final int SEED_TRIAL_DAYS = 14;

    private Trial() {}

    public static boolean covers(LocalDate firstInstall, int trialDays, LocalDate day) {
        return day.isBefore(firstInstall.plusDays(trialDays));
    }
}
