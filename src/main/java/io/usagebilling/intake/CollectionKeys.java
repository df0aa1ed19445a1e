package io.usagebilling.intake;

import io.usagebilling.domain.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a collection's stored pages held, remembered while it comes in so its seal need not read its
 * records to learn it: the days they are dated, and whether two pages may have given the same record
 * (a 64-bit hash of each record's key; equal hashes are checked exactly in the database when sealed).
 */
final class CollectionKeys {

    private final Set<LocalDate> days = new TreeSet<>();
    private long[] hashes = new long[1024];
    private int size;

    synchronized void add(List<UsageRecord> records) {
        if (size + records.size() > hashes.length) {
            hashes = Arrays.copyOf(hashes, Math.max(hashes.length * 2, size + records.size()));
        }
        for (UsageRecord r : records) {
            days.add(r.usageDate());
            hashes[size++] = hash(r);
        }
    }

    synchronized Set<LocalDate> days() {
        return new TreeSet<>(days);
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

    /** FNV-1a over the key's fields, each ended by a zero byte so "ab","c" and "a","bc" differ. */
    private static long hash(UsageRecord r) {
        long h = 0xcbf29ce484222325L;
        for (String field : new String[] {r.usageDate().toString(), r.billingType(), r.orgId(), r.sourceRecordId()}) {
            for (byte b : field.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ 0) * 0x100000001b3L;
        }
        return h;
    }
}
