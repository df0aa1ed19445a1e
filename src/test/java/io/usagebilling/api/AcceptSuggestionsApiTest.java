package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.Sql;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * POST /api/org-mappings/accept-suggestions over real HTTP: it maps exactly what the unmapped report
 * says scores enough and what its preview (GET .../preview) counted, skips a tie at the top and says so, records the caller
 * like a single accept, and an organization someone maps meanwhile is skipped, not overwritten, not a 500.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcceptSuggestionsApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BillingFixture fixture;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        fixture = new BillingFixture().withThreeContracts().withCompaniesNamedLikeSites().withHttpServer();
        BillingApp app = fixture.start();
        fixture.showSitesNamedLikeCompanies();
        app.syncDay(LocalDate.of(2026, 9, 1));
        base = fixture.baseUrl();
        token = app.bean(ApiTokens.class).create("bulk-bob", true, List.of());
        call("GET", "/api/companies?refresh=true", null, 200);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    @Order(1)
    void badInputIs400NamingTheFieldAndMapsNothing() throws Exception {
        assertField("{}", "minScore");
        assertField("{\"minScore\":1.5}", "minScore");
        assertField("{\"minScore\":-0.1}", "minScore");
        assertField("{\"minScore\":\"high\"}", "minScore");
        assertField("{\"minScore\":0.9,\"module\":\"nope\"}", "module");
        assertField("{\"minScore\":0.9,\"module\":\"\"}", "module");
        assertField("{\"minScore\":0.9,\"everything\":true}", "everything");
        assertThat(call("POST", "/api/org-mappings/accept-suggestions", "{\"minScore\":1.5}", 400).path("error").asText())
                .isEqualTo("'minScore' must be from 0 to 1, not 1.5");
        assertPreviewField("", "minScore", "'minScore' is required");
        assertPreviewField("?minScore=1.5", "minScore", "'minScore' must be from 0 to 1, not 1.5");
        assertPreviewField("?minScore=high", "minScore", "minScore must be a number, not 'high'");
        assertPreviewField("?minScore=0.9&module=nope", "module", "unknown module 'nope' (not in mappings/modules.yaml)");
        assertThat(fixture.count("SELECT count(*) FROM org_mapping WHERE mapped_by = 'api:bulk-bob'")).isZero();
    }

    @Test
    @Order(2)
    void itMapsWhatTheReportPreviewsSkipsATieAndRecordsTheCaller() throws Exception {
        List<String> preview = new ArrayList<>();
        List<String> ties = new ArrayList<>();
        fromTheReport(new BigDecimal("0.95"), preview, ties);
        assertThat(preview).containsExactlyInAnyOrder("site-elm");
        assertThat(ties).containsExactly("site-dunlin");
        JsonNode counted = call("GET", "/api/org-mappings/accept-suggestions/preview?minScore=0.95&module=datto-rmm", null, 200);
        assertThat(counted.path("wouldMap").asInt()).as("the preview the console shows").isEqualTo(preview.size());
        assertThat(counted.path("ties").asInt()).isEqualTo(ties.size());
        List<String> any = new ArrayList<>();
        fromTheReport(BigDecimal.ZERO, any, new ArrayList<>());
        assertThat(call("GET", "/api/org-mappings/accept-suggestions/preview?minScore=0", null, 200).path("wouldMap").asInt())
                .as("every organization with a suggestion, less the tie").isEqualTo(any.size()).isGreaterThan(preview.size());

        JsonNode done = call("POST", "/api/org-mappings/accept-suggestions", "{\"minScore\":0.95,\"module\":\"datto-rmm\"}", 200);

        assertThat(done.path("mapped").findValuesAsText("org")).containsExactlyInAnyOrderElementsOf(preview);
        assertThat(done.path("mapped").get(0).path("company").asLong()).isEqualTo(106);
        JsonNode tie = done.path("skipped").get(0);
        assertThat(tie.path("org").asText()).isEqualTo("site-dunlin");
        assertThat(tie.path("reason").asText()).contains("(#104)", "(#105)", "tie at 1.00", "a person must choose");
        assertThat(fixture.count("SELECT count(*) FROM org_mapping WHERE org_id = 'site-dunlin'")).isZero();
        JsonNode history = call("GET", "/api/mapping-history?kind=organization&key=datto-rmm/site-elm", null, 200);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("changedBy").asText()).isEqualTo("api:bulk-bob");
        assertThat(history.get(0).path("after").path("company").asLong()).isEqualTo(106);
        assertThat(call("GET", "/api/org-mappings?company=106", null, 200).findValuesAsText("mappedBy")).containsExactly("api:bulk-bob");
        assertThat(call("GET", "/api/unmapped", null, 200).findValuesAsText("org")).doesNotContain("site-elm").contains("site-dunlin");
    }

    @Test
    @Order(3)
    void anOrganizationMappedMeanwhileIsSkippedNotOverwritten() throws Exception {
        try (Connection other = fixture.dataSource().getConnection()) {
            // someone maps site-annex to Acme in a transaction still open when the bulk accept reads the report
            other.setAutoCommit(false);
            other.createStatement().execute("INSERT INTO org_mapping (module_id, org_id, company_id, mapped_by, mapped_at)"
                    + " VALUES ('datto-rmm', 'site-annex', 101, 'someone-else', now())");
            CompletableFuture<HttpResponse<String>> bulk = HTTP.sendAsync(request("POST", "/api/org-mappings/accept-suggestions",
                    "{\"minScore\":0.7}"), HttpResponse.BodyHandlers.ofString());
            fixture.awaitFirstRow("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO org_mapping%'", Integer.class, "the bulk accept waiting on the open mapping");
            other.commit();

            HttpResponse<String> answer = bulk.get(30, TimeUnit.SECONDS);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode skipped = JSON.readTree(answer.body()).path("skipped");
            assertThat(skipped.findValuesAsText("org")).contains("site-annex");
            assertThat(reasonFor(skipped, "site-annex")).startsWith("mapped meanwhile: ").contains("already mapped to company 101");
            assertThat(JSON.readTree(answer.body()).path("mapped").findValuesAsText("org")).contains("site-lab", "site-depot")
                    .doesNotContain("site-annex", "site-zed");
        }
        assertThat(fixture.text("SELECT company_id || ' ' || mapped_by FROM org_mapping WHERE org_id = 'site-annex'"))
                .isEqualTo("101 someone-else");
        assertThat(fixture.count("SELECT count(*) FROM mapping_history WHERE mapping_key = 'datto-rmm/site-annex'")).isZero();
    }

    @Test
    @Order(4)
    void concurrentBulkAcceptsMapEachOrganizationOnce() throws Exception {
        call("DELETE", "/api/org-mappings/datto-rmm/site-lab", null, 204);
        call("DELETE", "/api/org-mappings/datto-rmm/site-depot", null, 204);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(HTTP.sendAsync(request("POST", "/api/org-mappings/accept-suggestions", "{\"minScore\":0.7}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> mapped = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            HttpResponse<String> answer = c.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            mapped.addAll(JSON.readTree(answer.body()).path("mapped").findValuesAsText("org"));
        }
        assertThat(mapped).containsExactlyInAnyOrder("site-lab", "site-depot");
        assertThat(Sql.rows(fixture.dataSource(), "SELECT count(*) FROM mapping_history WHERE mapping_key IN"
                + " ('datto-rmm/site-lab', 'datto-rmm/site-depot') AND before IS NULL")).containsExactly("4");
    }

    /** The organizations whose best suggestion scores {@code minScore} or more, as the report lists them: alone, or tied. */
    private static void fromTheReport(BigDecimal minScore, List<String> alone, List<String> tied) throws Exception {
        for (JsonNode o : call("GET", "/api/unmapped?limit=500", null, 200).path("organizations")) {
            JsonNode s = o.path("suggestions");
            if (s.size() > 0 && s.get(0).path("score").decimalValue().compareTo(minScore) >= 0) {
                boolean tie = s.size() > 1 && s.get(1).path("score").decimalValue().compareTo(s.get(0).path("score").decimalValue()) == 0;
                (tie ? tied : alone).add(o.path("org").asText());
            }
        }
    }

    private static String reasonFor(JsonNode skipped, String org) {
        for (JsonNode s : skipped) {
            if (s.path("org").asText().equals(org)) {
                return s.path("reason").asText();
            }
        }
        return null;
    }

    private static void assertPreviewField(String query, String field, String error) throws Exception {
        JsonNode refused = call("GET", "/api/org-mappings/accept-suggestions/preview" + query, null, 400);
        assertThat(refused.path("field").asText()).as(query).isEqualTo(field);
        assertThat(refused.path("error").asText()).as(query).isEqualTo(error);
    }

    private static void assertField(String body, String field) throws Exception {
        assertThat(call("POST", "/api/org-mappings/accept-suggestions", body, 400).path("field").asText()).as(body).isEqualTo(field);
    }

    private static HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static JsonNode call(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
