package io.usagebilling.domain.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An organization's billable quantity of one billing type on one day, by its {@link BillingRule}.
 * The steps, in order: an asset's records are one asset (it never counts twice); an asset whose
 * usage is superseded that day (v1 backups of an asset protected by v2) is left out; an asset still
 * in its trial is left out; each asset's included units are taken off; the assets are summed or
 * counted one each; the organization's included units are taken off. Never below zero.
 *
 * <p>This is the reference the quantity SQL ({@code billable_usage} view) is checked against.
 */
public final class BillableQuantity {

    private BillableQuantity() {}

    /**
     * @param records     the organization's records of the day, for this billing type
     * @param superseding assets that have usage of the superseding billing type that day
     * @param firstSeen   each asset's first usage day in the module (its first agent install)
     */
    public static BigDecimal of(BillingRule rule, LocalDate day, List<AssetUsage> records, Set<String> superseding,
                                Map<String, LocalDate> firstSeen) {
        Map<String, BigDecimal> perAsset = new LinkedHashMap<>();
        for (AssetUsage r : records) {
            perAsset.merge(r.assetId(), r.quantity(), BigDecimal::add);
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> asset : perAsset.entrySet()) {
            String id = asset.getKey();
            if (rule.supersededBy() != null && superseding.contains(id)) {
                continue;
            }
            if (Trial.covers(firstSeen.getOrDefault(id, day), rule.trialDays(), day)) {
                continue;
            }
            total = total.add(assetUnits(rule, asset.getValue()));
        }
        return Included.beyond(total, rule.includedPerOrg());
    }

    private static BigDecimal assetUnits(BillingRule rule, BigDecimal quantity) {
        if (rule.unit().counting() == Unit.Counting.ONE_PER_ASSET) {
            return quantity.signum() > 0 ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        return Included.beyond(quantity, rule.includedPerAsset());
    }
}
