package io.usagebilling.store;

import java.time.LocalDate;
import java.util.List;

/**
 * What one daily sync did. {@code changed} lines were compared as different from what the PSA was
 * last told; {@code adjustments} of them needed a write; {@code undelivered} are left failed or
 * unknown for the next run to resolve.
 */
public record SyncSummary(
        LocalDate usageDate,
        int records,
        int quarantined,
        int orgs,
        int unmapped,
        int lines,
        int changed,
        int adjustments,
        int undelivered,
        long psaRequests,
        List<String> failedModules) {

    public SyncSummary {
        failedModules = List.copyOf(failedModules);
    }

    public boolean complete() {
        return undelivered == 0 && failedModules.isEmpty();
    }

    public String line() {
        return "sync " + usageDate + ": records=" + records + " quarantined=" + quarantined + " orgs=" + orgs
                + " unmapped=" + unmapped + " lines=" + lines + " changed=" + changed + " adjustments=" + adjustments
                + " undelivered=" + undelivered + " psa_requests=" + psaRequests
                + (failedModules.isEmpty() ? "" : " failed_modules=[" + String.join("; ", failedModules) + "]");
    }
}
