package io.usagebilling.sync;

import io.usagebilling.psa.PsaTraffic;
import java.time.LocalDate;
import java.util.List;

/**
 * What one daily sync did: {@code records} stored new and {@code corrected} (stored before with another
 * quantity) by its collections. Of the {@code lines} computed, {@code compared} were due for delivery
 * that day (month_end lines only on the month's last day); {@code changed} differed from what the PSA
 * was last told (or were resumed); {@code adjustments} writes were sent; {@code undelivered} are left
 * planned, failed, unknown or mismatched for the next run or a person; {@code drifts} lines were found
 * holding at the PSA otherwise than delivered (changed outside usage-billing); {@code failedModules} did not
 * collect and {@code missingModules} (pushed) sent nothing for the day: their lines wait. Per PSA: its name, the
 * {@code psaRequests} sent (reads and writes), {@code throttled} 429 answers, {@code retries},
 * {@code unknownsResolved} earlier lost answers settled by re-reading, {@code budgetLeft} requests in
 * the rolling hour.
 */
public record SyncSummary(
        long syncRunId,
        LocalDate usageDate,
        int records,
        int corrected,
        int quarantined,
        int orgs,
        int unmapped,
        int lines,
        int changed,
        int adjustments,
        int undelivered,
        int drifts,
        long psaRequests,
        List<String> failedModules,
        List<String> missingModules,
        String psa,
        int compared,
        long throttled,
        long retries,
        int unknownsResolved,
        long budgetLeft) {

    /** The PSA side of a run, as the adapter counted it. */
    public record PsaSide(String psa, PsaTraffic traffic, long budgetLeft) { }

    public SyncSummary {
        failedModules = List.copyOf(failedModules);
        missingModules = List.copyOf(missingModules);
    }

    public boolean complete() {
        return undelivered == 0 && failedModules.isEmpty() && missingModules.isEmpty();
    }

    public String line() {
        return "sync " + usageDate + ": records=" + records + " corrected=" + corrected + " quarantined=" + quarantined + " orgs=" + orgs
                + " unmapped=" + unmapped + " lines=" + lines + " changed=" + changed + " adjustments=" + adjustments
                + " undelivered=" + undelivered + " drifts=" + drifts + " psa_requests=" + psaRequests
                + " psa=" + psa + " compared=" + compared + " throttled=" + throttled + " retries=" + retries
                + " unknowns_resolved=" + unknownsResolved + " budget_left=" + budgetLeft
                + (failedModules.isEmpty() ? "" : " failed_modules=[" + String.join("; ", failedModules) + "]")
                + (missingModules.isEmpty() ? "" : " missing=[" + String.join("; ", missingModules) + "]");
    }
}
