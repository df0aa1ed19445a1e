package io.usagebilling.psa.autotask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.psa.PsaDirectory;
import java.util.List;

/** Autotask's Companies and Contracts entities, every page of each (ids above 0: Autotask needs a filter). */
public final class AutotaskDirectory implements PsaDirectory {

    /** Autotask's picklist value for a Recurring Service contract. */
    static final int RECURRING_SERVICE = 7;
    /** Autotask's contract status Active. */
    static final int ACTIVE = 1;
    private static final int MAX_RECORDS = 500;

    private final AutotaskClient client;

    public AutotaskDirectory(AutotaskClient client) {
        this.client = client;
    }

    @Override
    public List<Company> companies() {
        return all("Companies", "id", "companyName", "isActive").stream()
                .map(row -> new Company(row.path("id").asLong(), row.path("companyName").asText(""),
                        row.path("isActive").asBoolean(true)))
                .toList();
    }

    @Override
    public List<Contract> contracts() {
        return all("Contracts", "id", "companyID", "contractName", "contractType", "status").stream()
                .map(row -> new Contract(row.path("id").asLong(), row.path("companyID").asLong(),
                        row.path("contractName").asText(""), row.path("contractType").asInt() == RECURRING_SERVICE,
                        row.path("status").asInt() == ACTIVE))
                .toList();
    }

    private List<JsonNode> all(String entity, String... fields) {
        ObjectNode query = client.newObject();
        query.put("MaxRecords", MAX_RECORDS);
        ArrayNode include = query.putArray("IncludeFields");
        for (String field : fields) {
            include.add(field);
        }
        query.putArray("filter").addObject().put("op", "gt").put("field", "id").put("value", 0);
        return client.query(entity, query, "directory");
    }
}
