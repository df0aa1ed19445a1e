package io.usagebilling.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class BillableQuantityPropertiesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 20);

    @Test
    void neverNegativeAndNeverAboveWhatWasReported() {
        Properties.qt().forAll(records(), rules()).checkAssert((records, rule) -> {
            BigDecimal billed = BillableQuantity.of(rule, DAY, records, Set.of(), Map.of());
            BigDecimal ceiling = rule.unit().counting() == Unit.Counting.SUM
                    ? records.stream().map(AssetUsage::quantity).reduce(BigDecimal.ZERO, BigDecimal::add)
                    : BigDecimal.valueOf(records.stream().map(AssetUsage::assetId).distinct().count());
            assertThat(billed).isNotNegative().isLessThanOrEqualTo(ceiling);
        });
    }

    @Test
    void anAssetNeverCountsTwiceSplittingItsRecordsChangesNothing() {
        Properties.qt().forAll(records(), rules()).checkAssert((records, rule) -> {
            // One record per asset with the summed quantity must bill the same as the records apart.
            List<AssetUsage> merged = records.stream()
                    .collect(Collectors.groupingBy(AssetUsage::assetId,
                            Collectors.reducing(BigDecimal.ZERO, AssetUsage::quantity, BigDecimal::add)))
                    .entrySet().stream().map(e -> new AssetUsage(e.getKey(), e.getValue())).toList();
            assertThat(BillableQuantity.of(rule, DAY, records, Set.of(), Map.of()))
                    .isEqualByComparingTo(BillableQuantity.of(rule, DAY, merged, Set.of(), Map.of()));
        });
    }

    @Test
    void supersededAssetsAddNothing() {
        Properties.qt().forAll(records()).checkAssert(records -> {
            BillingRule v1 = new BillingRule(Unit.STORAGE_GB, BigDecimal.ZERO, BigDecimal.ZERO, 0,
                    new BillingRule.TypeRef("endpoint-backup-v2", "storage"));
            Set<String> all = new HashSet<>(records.stream().map(AssetUsage::assetId).toList());
            assertThat(BillableQuantity.of(v1, DAY, records, all, Map.of())).isZero();
        });
    }

    private static Gen<List<AssetUsage>> records() {
        Gen<AssetUsage> one = Gens.of("a", "b", "c", "d")
                .zip(Gens.decimals(BigDecimal.ZERO, BigDecimal.valueOf(500), 2), AssetUsage::new);
        return Gens.lists(one, 0, 12);
    }

    private static Gen<BillingRule> rules() {
        return Gens.of(Unit.values()).zip(Gens.ints(0, 3), Gens.ints(0, 3),
                (unit, perAsset, perOrg) -> new BillingRule(unit, BigDecimal.valueOf(perAsset),
                        BigDecimal.valueOf(perOrg), 0, null));
    }
}
