package io.usagebilling.domain.rules;

import java.math.BigDecimal;
import java.util.Objects;

/** One usage record of an organization's day, as the rules see it: which asset, how much. */
public record AssetUsage(String assetId, BigDecimal quantity) {

    public AssetUsage {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(quantity, "quantity");
    }
}
