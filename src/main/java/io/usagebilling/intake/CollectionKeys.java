package io.usagebilling.intake;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.totals.UsageTotals.GroupTotal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a collection's stored pages held, remembered while it comes in so its seal need not read its
 * records to learn it: the days they are dated, whether two pages may have given the same record
 * (a 64-bit hash of each record's key; equal hashes are checked exactly in the database when sealed),
 * and each day's totals (CollectionSums).
 */
final class CollectionKeys {

    private final Set<LocalDate> days = new TreeSet<>();
    private final CollectionSums sums = new CollectionSums();
    private long[] hashes = new long[1024];
    private int size;

    synchronized void add(List<UsageRecord> records) {
        if (size + records.size() > hashes.length) {
            hashes = Arrays.copyOf(hashes, Math.max(hashes.length * 2, size + records.size()));
        }
        for (UsageRecord r : records) {
            days.add(r.usageDate());
            hashes[size++] = hash(r);
            sums.add(r);
        }
    }

    synchronized Set<LocalDate> days() {
        return new TreeSet<>(days);
    }

    /** The day's totals as its stored records sum them, when no two of them share a key ({@link #mayRepeat}). */
    synchronized Optional<List<GroupTotal>> totals(LocalDate day) {
        return sums.of(day);
    }

    /** True when two stored records may share a key: two equal hashes. */
    synchronized boolean mayRepeat() {
        long[] sorted = Arrays.copyOf(hashes, size);
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return true;
            }
        }
        return false;
    }

    /** True when no two of the records may share a key (no two equal hashes). */
    static boolean distinct(List<UsageRecord> records) {
        long[] sorted = new long[records.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = hash(records.get(i));
        }
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key's day and its three texts' own hash codes (each String keeps its own once computed, and
     * the organization's is used again by RecentSightings): for one day and billing type, the
     * organization and record ids' codes side by side, so two keys meet only when both codes do.
     */
    private static long hash(UsageRecord r) {
        long dayAndType = (r.usageDate().toEpochDay() * 0x9E3779B97F4A7C15L) ^ r.billingType().hashCode();
        long ids = ((long) r.orgId().hashCode() << 32) | (r.sourceRecordId().hashCode() & 0xFFFFFFFFL);
        return ids ^ (dayAndType * 0xC2B2AE3D27D4EB4FL);
    }
}
