package io.usagebilling.cli;

import io.usagebilling.domain.License;
import io.usagebilling.domain.LicenseCounters;
import io.usagebilling.licenses.LicenseStore;
import java.time.LocalDate;
import java.util.List;

/** {@code licenses}: the grid of seed 002 as text, counters first; trials of newly seen agents are started first. */
final class LicenseReport {

    private LicenseReport() {}

    static String text(LicenseStore licenses, LicenseStore.Filter filter, LocalDate day) {
        licenses.startTrials();
        List<License> list = licenses.list(filter);
        StringBuilder out = new StringBuilder("licenses " + filter.month() + " as of " + day + ": " + LicenseCounters.of(list, day).line() + "\n");
        for (License l : list) {
            out.append("  ").append(l.id()).append("  company ").append(l.companyId()).append("  ").append(l.type())
                    .append("  ").append(l.assetId() == null ? "(unassigned)" : l.assetId())
                    .append("  ").append(l.stateOn(day).name().toLowerCase().replace('_', ' '))
                    .append(l.trialEnds() == null ? "" : "  trial until " + l.trialEnds())
                    .append(l.autoRenew() ? "  auto-renewal on" : "  valid until " + l.validUntil())
                    .append('\n');
        }
        return out.toString();
    }
}
