package io.usagebilling.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** For a test class of REST calls: one running application (HTTP server, three contracts) and a provider token. */
public abstract class RunningApi {

    protected static final HttpClient HTTP = HttpClient.newHttpClient();
    protected static BillingFixture fixture;
    protected static String token;

    @BeforeAll
    static void startApi() throws Exception {
        fixture = new BillingFixture().withThreeContracts().withHttpServer();
        fixture.start();
        token = fixture.providerToken();
    }

    @AfterAll
    static void stopApi() {
        fixture.close();
    }

    /** Acme's mapped site and six unmapped ones named more or less like the PSA's companies, synced, the companies read. */
    protected static void sitesNamedLikeCompaniesSynced() throws Exception {
        fixture.withCompaniesNamedLikeSites().showSitesNamedLikeCompanies();
        fixture.app().syncDay(LocalDate.of(2026, 9, 1));
        send("GET", "/api/companies?refresh=true", null, 200);
    }

    /** A GET refused with a 400 that names the query's {@code field} and says {@code error}. */
    protected static void assertRefused(String path, String field, String error) throws Exception {
        JsonNode refused = send("GET", path, null, 400);
        assertThat(refused.path("field").asText()).as(path).isEqualTo(field);
        assertThat(refused.path("error").asText()).as(path).isEqualTo(error);
    }

    /** The provider's call; its answer must have {@code status}. */
    protected static JsonNode send(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return new ObjectMapper().readTree(response.body());
    }
}
