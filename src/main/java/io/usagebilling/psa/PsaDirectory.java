package io.usagebilling.psa;

import java.util.List;

/**
 * The PSA's companies and contracts, read whole through paged queries: organizations are mapped to
 * these companies, and a service mapping must name a contract of its own company.
 */
public interface PsaDirectory {

    /** A company (the bill-to side). */
    record Company(long id, String name, boolean active) {}

    /** A contract; only active recurring contracts take usage. */
    record Contract(long id, long companyId, String name, boolean recurring, boolean active) {}

    List<Company> companies();

    List<Contract> contracts();
}
