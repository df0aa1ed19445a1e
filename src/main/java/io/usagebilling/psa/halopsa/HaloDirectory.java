package io.usagebilling.psa.halopsa;

import io.usagebilling.psa.PsaDirectory;
import java.util.List;

/**
 * HaloPSA clients ({@code GET /api/Client}, under {@code clients}) and recurring invoices
 * ({@code GET /api/RecurringInvoice}, under {@code invoices}), every page. The recurring invoice is
 * the contract: it holds the lines whose quantities we keep. Public clients confirm the paths, paging
 * and keys; the fields read ({@code name}, {@code client_id}, {@code reference}, {@code inactive}) are
 * assumed. Inactive records are left out unless asked for ({@code includeinactive}), so a recurring
 * invoice listed is active unless it says otherwise.
 */
public final class HaloDirectory implements PsaDirectory {

    private final HaloClient client;

    public HaloDirectory(HaloClient client) {
        this.client = client;
    }

    @Override
    public List<Company> companies() {
        return client.all("Client", "clients", "clients").stream()
                .map(c -> new Company(c.path("id").asLong(), c.path("name").asText(""), !c.path("inactive").asBoolean(false)))
                .toList();
    }

    @Override
    public List<Contract> contracts() {
        return client.all("RecurringInvoice", "invoices", "recurring invoices").stream()
                .map(i -> new Contract(i.path("id").asLong(), i.path("client_id").asLong(), i.path("reference").asText(""), true,
                        !i.path("inactive").asBoolean(false)))
                .toList();
    }
}
