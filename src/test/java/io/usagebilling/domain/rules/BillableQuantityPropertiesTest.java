package io.usagebilling.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BillableQuantityPropertiesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 20);

    @Property
    void neverNegativeAndNeverAboveWhatWasReported(@ForAll("records") List<AssetUsage> records,
                                                   @ForAll("rules") BillingRule rule) {
        BigDecimal billed = BillableQuantity.of(rule, DAY, records, Set.of(), Map.of());
        BigDecimal ceiling = rule.unit().counting() == Unit.Counting.SUM
                ? records.stream().map(AssetUsage::quantity).reduce(BigDecimal.ZERO, BigDecimal::add)
                : BigDecimal.valueOf(records.stream().map(AssetUsage::assetId).distinct().count());
        assertThat(billed).isNotNegative().isLessThanOrEqualTo(ceiling);
    }

    @Property
    void anAssetNeverCountsTwiceSplittingItsRecordsChangesNothing(@ForAll("records") List<AssetUsage> records,
                                                                  @ForAll("rules") BillingRule rule) {
        // One record per asset with the summed quantity must bill the same as the records apart.
        List<AssetUsage> merged = records.stream()
                .collect(Collectors.groupingBy(AssetUsage::assetId,
                        Collectors.reducing(BigDecimal.ZERO, AssetUsage::quantity, BigDecimal::add)))
                .entrySet().stream().map(e -> new AssetUsage(e.getKey(), e.getValue())).toList();
        assertThat(BillableQuantity.of(rule, DAY, records, Set.of(), Map.of()))
                .isEqualByComparingTo(BillableQuantity.of(rule, DAY, merged, Set.of(), Map.of()));
    }

    @Property
    void supersededAssetsAddNothing(@ForAll("records") List<AssetUsage> records) {
        BillingRule v1 = new BillingRule(Unit.STORAGE_GB, BigDecimal.ZERO, BigDecimal.ZERO, 0,
                new BillingRule.TypeRef("endpoint-backup-v2", "storage"));
        Set<String> all = new HashSet<>(records.stream().map(AssetUsage::assetId).toList());
        assertThat(BillableQuantity.of(v1, DAY, records, all, Map.of())).isZero();
    }

    @Provide
    Arbitrary<List<AssetUsage>> records() {
        Arbitrary<AssetUsage> one = Combinators.combine(
                Arbitraries.of("a", "b", "c", "d"),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.valueOf(500)).ofScale(2))
                .as(AssetUsage::new);
        return one.list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<BillingRule> rules() {
        return Combinators.combine(
                Arbitraries.of(Unit.class),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 3))
                .as((unit, perAsset, perOrg) -> new BillingRule(unit, BigDecimal.valueOf(perAsset),
                        BigDecimal.valueOf(perOrg), 0, null));
    }
}
