package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.RunningApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/mapped-without-service-line over real HTTP: organizations mapped (through the API, as a
 * person does) to companies with no service line for their billing type are listed by company, in
 * pages that join to the whole list whatever their size, with the count of all on each; a bad
 * parameter is a 400 naming it.
 */
class WithoutServiceLineApiTest extends RunningApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void sitesMappedToCompaniesWithoutALine() throws Exception {
        sitesNamedLikeCompaniesSynced();
        for (Map.Entry<String, Integer> m : Map.of("site-lab", 104, "site-dunlin", 104, "site-depot", 105, "site-elm", 106)
                .entrySet()) {
            send("POST", "/api/org-mappings", JSON.writeValueAsString(Map.of("module", "datto-rmm", "org", m.getKey(),
                    "company", m.getValue())), 201);
        }
    }

    @Test
    void theLinesComeByCompanyWithTheirUsage() throws Exception {
        JsonNode all = send("GET", "/api/mapped-without-service-line", null, 200);
        assertThat(all.path("total").asInt()).isEqualTo(4);
        assertThat(all.path("limit").asInt()).as("the default page").isEqualTo(50);
        assertThat(lines(all)).containsExactly("104 site-dunlin devices 4", "104 site-lab devices 3",
                "105 site-depot devices 2", "106 site-elm devices 1");
        assertThat(all.path("lines").get(0).path("days").asInt()).isEqualTo(1);
        assertThat(all.path("lines").get(0).path("name").asText()).isEqualTo("Dunlin Freight");
        assertThat(send("GET", "/api/mapped-without-service-line?module=datto-rmm", null, 200)).isEqualTo(all);
        assertThat(send("GET", "/api/unmapped", null, 200).path("organizations").findValuesAsText("org"))
                .as("mapped, so no longer unmapped").containsExactly("site-zed", "site-annex");
    }

    @Test
    void pagesOfAnySizeJoinToTheWholeListAndCarryTheTotal() throws Exception {
        List<String> whole = lines(send("GET", "/api/mapped-without-service-line", null, 200));
        for (int limit = 1; limit <= 5; limit++) {
            List<String> joined = new ArrayList<>();
            for (int offset = 0; offset <= whole.size(); offset += limit) {
                JsonNode page = send("GET", "/api/mapped-without-service-line?limit=" + limit + "&offset=" + offset, null, 200);
                assertThat(page.path("total").asInt()).as("limit %d offset %d", limit, offset).isEqualTo(4);
                assertThat(page.path("offset").asInt()).isEqualTo(offset);
                joined.addAll(lines(page));
            }
            assertThat(joined).as("pages of %d", limit).isEqualTo(whole);
        }
        JsonNode past = send("GET", "/api/mapped-without-service-line?offset=40", null, 200);
        assertThat(past.path("lines")).isEmpty();
        assertThat(past.path("total").asInt()).as("past the last page").isEqualTo(4);
    }

    @Test
    void aBadParameterIs400NamingIt() throws Exception {
        assertField("limit=0", "limit", "limit must be 1 to 500, not 0");
        assertField("limit=x", "limit", "limit must be a whole number, not 'x'");
        assertField("offset=-2", "offset", "offset must be 0 to 2147483647, not -2");
        assertField("module=nope", "module", "unknown module 'nope' (not in mappings/modules.yaml)");
    }

    private static List<String> lines(JsonNode answer) {
        List<String> lines = new ArrayList<>();
        answer.path("lines").forEach(l -> lines.add(l.path("companyId").asLong() + " " + l.path("orgId").asText() + " "
                + l.path("billingType").asText() + " " + l.path("unitDays").decimalValue().toPlainString()));
        return lines;
    }

    private static void assertField(String query, String field, String error) throws Exception {
        assertRefused("/api/mapped-without-service-line?" + query, field, error);
    }
}
