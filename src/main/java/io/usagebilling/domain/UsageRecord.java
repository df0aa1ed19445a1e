package io.usagebilling.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The canonical usage record every source is normalized into: one module's count of one billing
 * type for one organization on one tenant-local day. {@code sourceRecordId} is the source's natural
 * key, so re-delivering the same record stores nothing twice.
 */
public record UsageRecord(
        String module,
        String orgId,
        String orgName,
        String billingType,
        String assetId,
        BigDecimal quantity,
        LocalDate usageDate,
        String sourceRecordId) {

    public UsageRecord {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(billingType, "billingType");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(usageDate, "usageDate");
        Objects.requireNonNull(sourceRecordId, "sourceRecordId");
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity must not be negative: " + quantity);
        }
    }

    /** The organization's name, or its id when the source gave none: what the store keeps as its name. */
    public String nameOrId() {
        return orgName == null ? orgId : orgName;
    }
}
