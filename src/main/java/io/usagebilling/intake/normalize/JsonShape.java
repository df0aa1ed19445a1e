package io.usagebilling.intake.normalize;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * Where a module's usage API puts things in its JSON pages, so one normalizer reads every module:
 * paths are dot-separated field names ({@code devicesStatus.numberOfDevices}).
 *
 * @param module           the module id, as in {@code mappings/modules.yaml}
 * @param recordsPath      the array of usage records in a page ({@code sites}, {@code data.items})
 * @param orgIdField       the organization's id in a record (string or integer)
 * @param orgNameField     its name, or null (the id is used)
 * @param skipOrgName      an organization name whose records are no client's usage (Datto RMM's
 *                         "Deleted Devices" pseudo-site): left out, neither stored nor quarantined;
 *                         null for none
 * @param billingTypeField the billing type in a record, or null when every record has {@code billingType}
 * @param billingType      the constant billing type when there is no field for it
 * @param quantityField    the quantity in a record
 * @param wholeUnits       whether a quantity must be integral (a device count, not GB)
 * @param maxQuantity      the sanity maximum: a bigger quantity is a source bug, not a bill
 * @param assetIdField     the asset (endpoint, administrator, domain...) a record is about, or null
 * @param usageDateField   the record's own usage date (YYYY-MM-DD), or null: the sync's day
 * @param recordIdField    the source's id of the record, or null: the asset id, else the org id
 * @param nextLinkField    the next page's absolute URL in a page (next-link paging), or null
 * @param cursorField      the next page's cursor in a page (cursor paging), or null
 * @param billingTypes     the module's billing types, or null for any: a record of another type is
 *                         rejected, as it would never be billed
 */
public record JsonShape(
        String module,
        String recordsPath,
        String orgIdField,
        String orgNameField,
        String skipOrgName,
        String billingTypeField,
        String billingType,
        String quantityField,
        boolean wholeUnits,
        BigDecimal maxQuantity,
        String assetIdField,
        String usageDateField,
        String recordIdField,
        String nextLinkField,
        String cursorField,
        Set<String> billingTypes) {

    public JsonShape {
        Objects.requireNonNull(module, "module");
        required("recordsPath", recordsPath);
        required("orgIdField", orgIdField);
        required("quantityField", quantityField);
        Objects.requireNonNull(maxQuantity, "maxQuantity");
        if (skipOrgName != null && orgNameField == null) {
            throw new IllegalArgumentException(module + ": skipOrgName needs orgNameField");
        }
        if ((billingTypeField == null) == (billingType == null)) {
            throw new IllegalArgumentException(module + ": give either billingTypeField or billingType, not both or neither");
        }
        billingTypes = billingTypes == null ? null : Set.copyOf(billingTypes);
        if (nextLinkField != null && cursorField != null) {
            throw new IllegalArgumentException(module + ": a page has a next link or a cursor, not both");
        }
    }

    private static void required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
