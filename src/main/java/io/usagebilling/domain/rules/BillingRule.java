package io.usagebilling.domain.rules;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The seeds' billing rules for one module billing type, as configured in the module catalog.
 *
 * @param unit             unit of measure, which decides summing or one unit per asset
 * @param includedPerAsset units of each asset that are not billed (VM Server: 2 sockets included)
 * @param includedPerOrg   units of each organization that are not billed (one base branding is free)
 * @param trialDays        days from an asset's first agent install that are a free trial (0: none)
 * @param supersededBy     the billing type whose usage of the same asset on the same day replaces
 *                         this one (Endpoint Backup v1 is superseded by v2), or null
 */
public record BillingRule(
        Unit unit, BigDecimal includedPerAsset, BigDecimal includedPerOrg, int trialDays, TypeRef supersededBy) {

    /** A module's billing type. */
    public record TypeRef(String module, String billingType) {

        public TypeRef {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(billingType, "billingType");
        }
    }

    public BillingRule {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(includedPerAsset, "includedPerAsset");
        Objects.requireNonNull(includedPerOrg, "includedPerOrg");
        if (includedPerAsset.signum() < 0 || includedPerOrg.signum() < 0 || trialDays < 0) {
            throw new IllegalArgumentException("included units and trial days must not be negative");
        }
    }

    /** Plain counting: no included units, no trial, never superseded. */
    public static BillingRule plain(Unit unit) {
        return new BillingRule(unit, BigDecimal.ZERO, BigDecimal.ZERO, 0, null);
    }

    /** Whether the rule needs an asset id on every record to be applied. */
    public boolean needsAssets() {
        return unit.counting() == Unit.Counting.ONE_PER_ASSET || includedPerAsset.signum() > 0 || trialDays > 0
                || supersededBy != null;
    }
}
