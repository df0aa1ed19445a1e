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

    private final Map<LocalDate, Map<Group, Sum>> days = new HashMap<>();

    void add(UsageRecord r) {
        Sum sum = days.computeIfAbsent(r.usageDate(), d -> new HashMap<>())
                .computeIfAbsent(new Group(r.orgId(), r.billingType()), g -> new Sum());
        sum.quantity = sum.quantity.add(r.quantity());
        if (r.quantity().signum() > 0) {
            sum.asset((r.assetId() != null ? r.assetId() : r.sourceRecordId()).hashCode());
        }
    }

    /** The day's groups as its records sum them (none: no record); empty when their assets cannot be told apart by code. */
    Optional<List<GroupTotal>> of(LocalDate day) {
        List<GroupTotal> totals = new ArrayList<>();
        for (Map.Entry<Group, Sum> e : days.getOrDefault(day, Map.of()).entrySet()) {
            int assets = e.getValue().distinctAssets();
            if (assets < 0) {
                return Optional.empty();
            }
            totals.add(new GroupTotal(e.getKey().org(), e.getKey().type(), e.getValue().quantity, assets));
        }
        return Optional.of(totals);
    }

    private record Group(String org, String type) {}

    private static final class Sum {
        private BigDecimal quantity = BigDecimal.ZERO;
        private int[] assets = new int[4];
        private int size;

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
