package io.usagebilling.domain;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * A license (seed 002): one licensed instance (endpoint, administrator, domain...) of a module
 * billing type for a company. Monthly only, billed in arrears on usage; a trial is free.
 *
 * @param assetId the instance it is assigned to (null: allocated but not in use)
 * @param trialEnds the last day of the trial, or null when it never was one
 * @param validUntil with auto-renewal off, the last day the license is valid
 * @param releasedOn the day it was released, or null
 */
public record License(long id, long companyId, String module, String billingType, String assetId,
        LocalDate allocatedOn, LocalDate trialEnds, boolean autoRenew, LocalDate validUntil, LocalDate releasedOn) {

    /** The trial lasts 14 days, the day the agent was first installed included. */
    public static final int TRIAL_DAYS = 14;

    public enum State { ACTIVE_TRIAL, PAID, RELEASED }

    public static LocalDate trialEnd(LocalDate firstInstalled) {
        return firstInstalled.plusDays(TRIAL_DAYS - 1L);
    }

    /** Monthly subscriptions: with auto-renewal turned off on {@code day}, a license stays valid to the month's end. */
    public static LocalDate validUntilWithoutRenewal(LocalDate day) {
        return day.with(TemporalAdjusters.lastDayOfMonth());
    }

    public State stateOn(LocalDate day) {
        if (releasedOn != null && !day.isBefore(releasedOn)) {
            return State.RELEASED;
        }
        if (!autoRenew && validUntil != null && day.isAfter(validUntil)) {
            return State.RELEASED;
        }
        if (trialEnds != null && !day.isAfter(trialEnds)) {
            return State.ACTIVE_TRIAL;
        }
        return State.PAID;
    }

    /** In use: assigned to an instance and not released. */
    public boolean usedOn(LocalDate day) {
        return assetId != null && stateOn(day) != State.RELEASED;
    }

    public String type() {
        return module + "/" + billingType;
    }
}
