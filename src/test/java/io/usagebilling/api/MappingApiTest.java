package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The mapping REST API over real HTTP: discovered organizations with suggestions, organization and
 * service mappings with their checks and history, every error as 400/404/409 naming the field, and
 * a mapped organization's usage delivered by the next sync.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MappingApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 9, 10);
    private static BillingFixture fixture;
    private static BillingApp app;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        fixture = new BillingFixture().withThreeContracts().withHttpServer();
        // Northwind is only in the PSA, with two recurring contracts: a service mapping must name one.
        fixture.psa.addCompany(104, "Northwind Traders Inc.");
        fixture.psa.addContract(21, 104, "Managed Devices");
        fixture.psa.addContract(22, 104, "Backup");
        fixture.psa.addLine(21, 500, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
        app = fixture.start();
        base = fixture.baseUrl();
        token = app.bean(ApiTokens.class).create("reviewer", true, List.of());
        fixture.showSites(5, 5, 4, 0);
        app.syncDay(DAY);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    @Order(1)
    void unmappedOrganizationsCarryTheirUsageAndSuggestionsOnceTheCompaniesAreRead() throws Exception {
        JsonNode companies = call("GET", "/api/companies?refresh=true", null, 200);
        assertThat(companies.findValuesAsText("name")).contains("Northwind Traders Inc.", "Acme Dental");

        JsonNode report = call("GET", "/api/unmapped", null, 200);
        assertThat(report.path("unmapped").asInt()).isEqualTo(1);
        JsonNode org = report.path("organizations").get(0);
        assertThat(org.path("org").asText()).isEqualTo("site-x");
        assertThat(org.path("unbilledUnitDays").decimalValue()).isEqualByComparingTo("9");
        assertThat(org.path("suggestions").get(0).path("companyId").asLong()).isEqualTo(104);

        JsonNode discovered = call("GET", "/api/organizations?unmapped=true", null, 200);
        assertThat(discovered.path("total").asInt()).isEqualTo(1);
        assertThat(discovered.path("organizations").findValuesAsText("org")).containsExactly("site-x");
        assertThat(discovered.path("organizations").get(0).path("unbilledUnitDays").decimalValue()).isEqualByComparingTo("9");
    }

    /** The discovered organizations come a page at a time, by module and id, with how many there are in all. */
    @Test
    @Order(1)
    void discoveredOrganizationsComeAPageAtATime() throws Exception {
        List<String> all = List.of(fixture.text(
                "SELECT string_agg(module_id || '/' || org_id, ' ' ORDER BY module_id, org_id) FROM organization").split(" "));
        assertThat(all).hasSizeGreaterThan(3);

        JsonNode first = call("GET", "/api/organizations?limit=2", null, 200);
        JsonNode rest = call("GET", "/api/organizations?offset=2&limit=500", null, 200);
        assertThat(first.path("total").asInt()).isEqualTo(all.size());
        assertThat(first.path("limit").asInt()).isEqualTo(2);
        assertThat(rest.path("offset").asInt()).isEqualTo(2);
        List<String> pages = new java.util.ArrayList<>();
        for (JsonNode page : List.of(first, rest)) {
            page.path("organizations").forEach(o -> pages.add(o.path("module").asText() + "/" + o.path("org").asText()));
        }
        assertThat(pages).isEqualTo(all);
        assertThat(call("GET", "/api/organizations", null, 200).path("limit").asInt()).isEqualTo(50);
        assertField("GET", "/api/organizations?limit=0", null, 400, "limit");
        assertField("GET", "/api/organizations?offset=-1", null, 400, "offset");
        assertField("GET", "/api/organizations?module=no-such-module", null, 400, "module");
        assertThat(call("GET", "/api/organizations?module=datto-rmm&unmapped=true", null, 200).path("total").asInt()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void mappingIsCreatedOnceAConflictNamesTheCompanyAndARemapIsAudited() throws Exception {
        call("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"site-x\",\"company\":103}", 201);
        call("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"site-x\",\"company\":103}", 200);
        JsonNode conflict = call("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"site-x\",\"company\":104}", 409);
        assertThat(conflict.path("field").asText()).isEqualTo("company");
        assertThat(conflict.path("error").asText()).contains("already mapped to company 103");

        call("PUT", "/api/org-mappings/datto-rmm/site-x", "{\"company\":104}", 200);

        JsonNode history = call("GET", "/api/mapping-history?kind=organization&key=datto-rmm/site-x", null, 200);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("changedBy").asText()).isEqualTo("api:reviewer");
        assertThat(history.get(0).path("before").path("company").asLong()).isEqualTo(103);
        assertThat(history.get(0).path("after").path("company").asLong()).isEqualTo(104);
        assertThat(history.get(1).has("before")).as("no state before a first mapping").isFalse();
        assertThat(fixture.text("SELECT company_id || ' ' || mapped_by FROM org_mapping WHERE org_id = 'site-x'"))
                .isEqualTo("104 api:reviewer");
    }

    @Test
    @Order(3)
    void severalOrganizationsMapToOneCompany() throws Exception {
        JsonNode acme = call("GET", "/api/org-mappings?company=101", null, 200);
        assertThat(acme.findValuesAsText("org")).containsExactly("site-a1", "site-a2");
    }

    @Test
    @Order(4)
    void aServiceMappingMustNameOneOfItsCompanysContractsWhenThereAreSeveral() throws Exception {
        String northwind = "{\"module\":\"datto-rmm\",\"billingType\":\"devices\",\"company\":104,\"service\":500,\"proration\":\"daily\"";
        JsonNode ambiguous = call("POST", "/api/service-mappings", northwind + "}", 409);
        assertThat(ambiguous.path("field").asText()).isEqualTo("contract");
        assertThat(ambiguous.path("error").asText()).contains("2 active recurring contracts (21, 22)");

        JsonNode foreign = call("POST", "/api/service-mappings", northwind + ",\"contract\":11}", 409);
        assertThat(foreign.path("error").asText()).isEqualTo("contract 11 belongs to company 101, not company 104");

        JsonNode created = call("POST", "/api/service-mappings", northwind + ",\"contract\":21}", 201);
        assertThat(created.path("contract").asLong()).isEqualTo(21);
        assertThat(fixture.count("SELECT count(*) FROM mapping_history WHERE kind = 'service' AND mapping_key = 'datto-rmm/devices/104'"))
                .isEqualTo(1);
    }

    @Test
    @Order(5)
    void onceMappedTheNextSyncDeliversTheOrganizationsCurrentQuantity() {
        app.syncDay(DAY.plusDays(1));
        assertThat(fixture.psa.unitsOn(21, 500, DAY.plusDays(1))).isEqualByComparingTo("9");
    }

    @Test
    @Order(6)
    void badInputIs400NamingTheField() throws Exception {
        assertField("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"site-x\"}", 400, "company");
        assertField("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"site-x\",\"company\":\"abc\"}", 400, "company");
        assertField("POST", "/api/org-mappings", "{\"module\":\"nope\",\"org\":\"site-x\",\"company\":101}", 400, "module");
        assertField("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"org\":\"site-y\",\"company\":999}", 400, "company");
        assertField("POST", "/api/org-mappings", "{\"module\":\"datto-rmm\",\"company\":101}", 400, "org");
        String line = "{\"module\":\"datto-rmm\",\"company\":101,\"contract\":11,\"service\":500,";
        assertField("POST", "/api/service-mappings", line + "\"billingType\":\"seats\",\"proration\":\"daily\"}", 400, "billingType");
        assertField("POST", "/api/service-mappings", line + "\"billingType\":\"devices\",\"proration\":\"weekly\"}", 400, "proration");
        assertField("POST", "/api/service-mappings", "{\"module\":\"datto-rmm\",\"billingType\":\"devices\",\"company\":101,"
                + "\"contract\":999,\"service\":500,\"proration\":\"daily\"}", 400, "contract");
        assertField("POST", "/api/service-mappings", line + "\"billingType\":\"devices\",\"proration\":\"month_end\"}", 409, "contract");
        assertField("GET", "/api/mapping-history?kind=everything", null, 400, "kind");
        assertField("GET", "/api/org-mappings?company=abc", null, 400, "company");
        assertField("DELETE", "/api/service-mappings/datto-rmm/devices/one", null, 400, "company");
        assertThat(call("POST", "/api/org-mappings", "{not json", 400).path("error").asText()).contains("not valid JSON");
    }

    @Test
    @Order(7)
    void deletingTwiceIs404() throws Exception {
        call("DELETE", "/api/service-mappings/datto-rmm/devices/104", null, 204);
        assertField("DELETE", "/api/service-mappings/datto-rmm/devices/104", null, 404, "billingType");
        call("DELETE", "/api/org-mappings/datto-rmm/site-x", null, 204);
        assertField("DELETE", "/api/org-mappings/datto-rmm/site-x", null, 404, "org");
        assertField("PUT", "/api/org-mappings/datto-rmm/site-x", "{\"company\":101}", 404, "org");
        assertField("GET", "/api/companies/999/contracts", null, 404, "id");
    }

    @Test
    @Order(8)
    void aRejectedSuggestionIsNotOfferedAgain() throws Exception {
        call("POST", "/api/organizations/datto-rmm/site-x/rejections", "{\"company\":104}", 200);
        JsonNode report = call("GET", "/api/unmapped", null, 200);
        assertThat(report.path("organizations").get(0).path("suggestions").findValuesAsText("companyId")).doesNotContain("104");
        assertField("POST", "/api/organizations/datto-rmm/no-such-site/rejections", "{\"company\":104}", 404, "org");
    }

    @Test
    @Order(9)
    void modulesCanBeListedAndTheOpenApiDocumentDescribesTheEndpoints() throws Exception {
        assertThat(call("GET", "/api/modules", null, 200).findValuesAsText("id")).contains("datto-rmm");
        assertField("POST", "/api/modules/nope/disable", "{}", 404, "id");
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(URI.create(base + BillingApp.OPENAPI_PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(doc.body()).path("paths").has("/api/org-mappings")).isTrue();
    }

    private static void assertField(String method, String path, String body, int status, String field) throws Exception {
        assertThat(call(method, path, body, status).path("field").asText()).as(method + " " + path).isEqualTo(field);
    }

    private static JsonNode call(String method, String path, String body, int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
