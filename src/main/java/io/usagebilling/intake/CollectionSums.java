package io.usagebilling.intake;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.totals.UsageTotals.GroupTotal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collection's records summed per day, organization and billing type as its pages are stored, so its
 * seal writes the day totals without reading the records again. A group's assets with some usage are
 * counted from their ids' hash codes: distinct codes are distinct assets; a day where two of a group's
 * codes are equal (the same asset twice, or two that share a code) is summed from its records instead.
 */
final class CollectionSums {

    private final Map<Group, Sum> groups = new HashMap<>();
    private Sum last;

    void add(UsageRecord r) {
        Sum sum = last;
        if (sum == null || !sum.group.holds(r)) { // a page mostly gives a group's records one after another
            Group group = new Group(r);
            sum = groups.computeIfAbsent(group, Sum::new);
            last = sum;
        }
        sum.quantity = sum.quantity.add(r.quantity());
        if (r.quantity().signum() > 0) {
            sum.asset((r.assetId() != null ? r.assetId() : r.sourceRecordId()).hashCode());
        }
    }

    /** The day's groups as its records sum them (none: no record); empty when their assets cannot be told apart by code. */
    Optional<List<GroupTotal>> of(LocalDate day) {
        List<GroupTotal> totals = new ArrayList<>();
        for (Sum sum : groups.values()) {
            if (!sum.group.day.equals(day)) {
                continue;
            }
            int assets = sum.distinctAssets();
            if (assets < 0) {
                return Optional.empty();
            }
            totals.add(new GroupTotal(sum.group.org, sum.group.type, sum.quantity, assets));
        }
        return Optional.of(totals);
    }

    /** A day's organization and billing type; its hash code made once (a record's is recomputed at each call). */
    private static final class Group {
        private final LocalDate day;
        private final String org;
        private final String type;
        private final int hash;

        Group(UsageRecord r) {
            this.day = r.usageDate();
            this.org = r.orgId();
            this.type = r.billingType();
            this.hash = (org.hashCode() * 31 + type.hashCode()) * 31 + day.hashCode();
        }

        boolean holds(UsageRecord r) {
            return is(r.orgId(), r.billingType(), r.usageDate());
        }

        private boolean is(String org, String type, LocalDate day) {
            return this.org.equals(org) && this.type.equals(type) && this.day.equals(day);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group g && g.hash == hash && is(g.org, g.type, g.day);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final class Sum {
        private final Group group;
        private BigDecimal quantity = BigDecimal.ZERO;
        private int[] assets = new int[4];
        private int size;

        Sum(Group group) {
            this.group = group;
        }

        void asset(int code) {
            if (size == assets.length) {
                assets = Arrays.copyOf(assets, size * 2);
            }
            assets[size++] = code;
        }

        /** The assets' count, or -1 when two share a code. */
        int distinctAssets() {
            int[] sorted = Arrays.copyOf(assets, size);
            Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1]) {
                    return -1;
                }
            }
            return size;
        }
    }
}
