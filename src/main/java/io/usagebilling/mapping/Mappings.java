package io.usagebilling.mapping;

import io.usagebilling.domain.Proration;
import io.usagebilling.domain.rules.BillingRule;
import java.util.List;

/** The validated content of the {@code mappings/} folder. */
public record Mappings(
        List<Module> modules,
        List<Company> companies,
        List<OrgMapping> organizations,
        List<ServiceMapping> services) {

    public record Module(String id, String name, String source, boolean billingEnabled, List<BillingType> billingTypes) {}

    /** A module's billing type and the billing rule its quantities follow. */
    public record BillingType(String id, BillingRule rule) {}

    public record Company(long id, String name) {}

    /** {@code line}: where the entry starts in its file, 0 when it did not come from a file. */
    public record OrgMapping(String module, String org, long company, int line) {}

    public record ServiceMapping(
            String module, String billingType, long company, long contract, long service, Proration proration, int line) {}
}
