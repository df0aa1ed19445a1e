package io.usagebilling.domain;

import java.time.LocalDate;
import java.util.List;

/** The counters above the license grid (seed 002): All, Active trial, Paid, Released, Used, on a day. */
public record LicenseCounters(int all, int activeTrial, int paid, int released, int used) {

    public static LicenseCounters of(List<License> licenses, LocalDate day) {
        int trial = 0;
        int paid = 0;
        int released = 0;
        int used = 0;
        for (License l : licenses) {
            switch (l.stateOn(day)) {
                case ACTIVE_TRIAL -> trial++;
                case PAID -> paid++;
                case RELEASED -> released++;
            }
            used += l.usedOn(day) ? 1 : 0;
        }
        return new LicenseCounters(licenses.size(), trial, paid, released, used);
    }

    public String line() {
        return "all=" + all + " active_trial=" + activeTrial + " paid=" + paid + " released=" + released + " used=" + used;
    }
}
