package io.usagebilling.psa.connectwise;

import io.usagebilling.psa.PsaDirectory;
import java.util.List;

/**
 * ConnectWise companies ({@code company/companies}) and agreements ({@code finance/agreements}),
 * every page. An agreement bills on its cycle, so each is a recurring contract; it takes usage
 * while its status is Active and it is not cancelled.
 */
public final class ConnectWiseDirectory implements PsaDirectory {

    private final ConnectWiseClient client;

    public ConnectWiseDirectory(ConnectWiseClient client) {
        this.client = client;
    }

    @Override
    public List<Company> companies() {
        return client.all("company/companies", "fields=id,name,deletedFlag", "companies").stream()
                .map(c -> new Company(c.path("id").asLong(), c.path("name").asText(""), !c.path("deletedFlag").asBoolean(false)))
                .toList();
    }

    @Override
    public List<Contract> contracts() {
        return client.all("finance/agreements", "fields=id,name,company,agreementStatus,cancelledFlag", "agreements").stream()
                .map(a -> new Contract(a.path("id").asLong(), a.path("company").path("id").asLong(), a.path("name").asText(""),
                        true, "Active".equals(a.path("agreementStatus").asText()) && !a.path("cancelledFlag").asBoolean(false)))
                .toList();
    }
}
