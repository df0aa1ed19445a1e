package io.usagebilling.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator over real HTTP, as the source route will see it. */
class DattoRmmSimulatorTest {

    private static final String KEY = "test-api-key";
    private static final String SECRET = "test-api-secret";
    private static final String PUBLIC_CLIENT = "public-client:public";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Site> FIVE = List.of(
            new Site(1, "uid-1", "Acme Dental - Main Office", 12),
            new Site(2, "uid-2", "Summit Law Group - HQ", 3),
            new Site(3, "uid-3", "Harborview Realty - Downtown", 0),
            new Site(4, "uid-4", "Pinnacle Logistics - Warehouse", 250),
            new Site(5, "uid-5", "Café Ünïcode 🦷 - Branch Office", 7));

    private DattoRmmSimulator simulator;
    private String token;

    @BeforeEach
    void start() throws Exception {
        simulator = DattoRmmSimulator.start(KEY, SECRET);
        simulator.setSites(FIVE);
        token = token();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The grant as Datto's public clients send it. */
    private HttpResponse<String> grant(String client, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + DattoRmmSimulator.TOKEN_PATH))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(client.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        HttpResponse<String> response = grant(PUBLIC_CLIENT, "grant_type=password&username=" + KEY + "&password=" + SECRET);
        assertThat(response.statusCode()).isEqualTo(200);
        return MAPPER.readTree(response.body()).get("access_token").asText();
    }

    private String sitesUrl(String query) {
        return simulator.baseUrl() + DattoRmmSimulator.SITES_PATH + query;
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(simulator.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void pagingWithMaxTwoFollowsNextPageUrlThroughThreePages() throws Exception {
        List<String> uids = new ArrayList<>();
        List<JsonNode> details = new ArrayList<>();
        String url = sitesUrl("?page=0&max=2");
        while (url != null) {
            HttpResponse<String> response = get(url, token);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode page = MAPPER.readTree(response.body());
            page.get("sites").forEach(site -> uids.add(site.get("uid").asText()));
            details.add(page.get("pageDetails"));
            url = page.get("pageDetails").get("nextPageUrl").isNull() ? null : page.get("pageDetails").get("nextPageUrl").asText();
        }

        assertThat(uids).containsExactly(DattoRmmSimulator.DELETED_DEVICES_UID, "uid-1", "uid-2", "uid-3", "uid-4", "uid-5");
        assertThat(details).hasSize(3);
        assertThat(details).extracting(d -> d.get("count").asInt()).containsExactly(2, 2, 2);
        assertThat(details).allSatisfy(d -> assertThat(d.get("totalCount").asInt()).isEqualTo(6));
        assertThat(details.get(0).get("prevPageUrl").isNull()).isTrue();
        assertThat(details.get(0).get("nextPageUrl").asText()).isEqualTo(sitesUrl("?page=1&max=2"));
        assertThat(details.get(2).get("prevPageUrl").asText()).isEqualTo(sitesUrl("?page=1&max=2"));
        assertThat(simulator.requestCount()).as("the token and three pages").isEqualTo(4);
    }

    @Test
    void siteHasTheDattoShape() throws Exception {
        JsonNode site = MAPPER.readTree(get(sitesUrl("?max=2"), token).body()).get("sites").get(1);
        assertThat(site.get("id").asLong()).isEqualTo(1);
        assertThat(site.get("uid").asText()).isEqualTo("uid-1");
        assertThat(site.get("name").asText()).isEqualTo("Acme Dental - Main Office");
        assertThat(site.get("onDemand").asBoolean()).isFalse();
        JsonNode status = site.get("devicesStatus");
        assertThat(status.get("numberOfDevices").asInt()).isEqualTo(12);
        assertThat(status.get("numberOfOnlineDevices").asInt() + status.get("numberOfOfflineDevices").asInt())
                .isEqualTo(12);
    }

    @Test
    void everyAccountListsTheDeletedDevicesPseudoSiteFirst() throws Exception {
        simulator.setSites(List.of());
        simulator.setDeletedDevices(14);
        JsonNode sites = MAPPER.readTree(get(sitesUrl(""), token).body()).get("sites");
        assertThat(sites).hasSize(1);
        assertThat(sites.get(0).get("name").asText()).isEqualTo("Deleted Devices");
        assertThat(sites.get(0).get("uid").asText()).isEqualTo(DattoRmmSimulator.DELETED_DEVICES_UID);
        assertThat(sites.get(0).get("devicesStatus").get("numberOfDevices").asInt()).isEqualTo(14);
    }

    @Test
    void defaultsArePageZeroAndMax250() throws Exception {
        simulator.setSites(DattoRmmSimulator.generateSites(300, 7));
        JsonNode page = MAPPER.readTree(get(sitesUrl(""), token).body());
        assertThat(page.get("sites")).hasSize(250);
        assertThat(page.get("pageDetails").get("nextPageUrl").asText()).isEqualTo(sitesUrl("?page=1&max=250"));
    }

    @Test
    void beyondTheLastPageIsEmptyWithoutNext() throws Exception {
        JsonNode page = MAPPER.readTree(get(sitesUrl("?page=9&max=2"), token).body());
        assertThat(page.get("sites")).isEmpty();
        assertThat(page.get("pageDetails").get("count").asInt()).isZero();
        assertThat(page.get("pageDetails").get("nextPageUrl").isNull()).isTrue();
    }

    @Test
    void rawSitesAreServedVerbatimAfterTheValidOnes() throws Exception {
        String broken = "{\"uid\":\"x\",\"name\":\"Broken\",\"devicesStatus\":{\"numberOfDevices\":\"twelve\"}}";
        simulator.setRawSites(List.of(broken));
        String body = get(sitesUrl("?page=1&max=4"), token).body();
        assertThat(body).contains("\"uid\":\"uid-5\"").endsWith(broken + "]}");
        assertThat(MAPPER.readTree(body).get("pageDetails").get("totalCount").asInt()).isEqualTo(7);
    }

    @Test
    void snapshotCanChangeBetweenDays() throws Exception {
        simulator.setSites(List.of(new Site(9, "uid-9", "Other", 1)));
        JsonNode sites = MAPPER.readTree(get(sitesUrl(""), token).body()).get("sites");
        assertThat(sites).hasSize(2);
        assertThat(sites.get(1).get("uid").asText()).isEqualTo("uid-9");
    }

    @Test
    void aTokenComesFromThePasswordGrantOfThePublicClientAndLasts100Hours() throws Exception {
        HttpResponse<String> response = grant(PUBLIC_CLIENT, "grant_type=password&username=" + KEY + "&password=" + SECRET);

        JsonNode answer = MAPPER.readTree(response.body());
        assertThat(answer.get("access_token").asText()).isNotBlank().isNotEqualTo(token);
        assertThat(answer.get("token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(answer.get("expires_in").asLong()).isEqualTo(100 * 3600);
        assertThat(get(sitesUrl(""), answer.get("access_token").asText()).statusCode()).isEqualTo(200);
        assertThat(simulator.tokenRequests()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "test-api-key:test-api-secret | grant_type=password&username=test-api-key&password=test-api-secret | 401",
        "public-client:private        | grant_type=password&username=test-api-key&password=test-api-secret | 401",
        "public-client:public         | grant_type=client_credentials                                      | 400",
        "public-client:public         | grant_type=password&username=test-api-key&password=wrong            | 400",
        "public-client:public         | grant_type=password&username=other-key&password=test-api-secret     | 400",
        "public-client:public         | grant_type=password&username=test-api-key                           | 400",
        "public-client:public         | grant_type=password&grant_type=password&username=test-api-key&password=test-api-secret | 400",
    })
    void anyOtherGrantIsRefusedWithoutAToken(String client, String form, int status) throws Exception {
        HttpResponse<String> response = grant(client, form);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(MAPPER.readTree(response.body()).has("access_token")).isFalse();
    }

    @Test
    void aTokenPastItsLifetimeIs401() throws Exception {
        simulator.setTokenLifetime(Duration.ofMillis(300));
        String shortLived = token();
        assertThat(get(sitesUrl(""), shortLived).statusCode()).isEqualTo(200);
        Thread.sleep(400);
        assertThat(get(sitesUrl(""), shortLived).statusCode()).isEqualTo(401);
        assertThat(get(sitesUrl(""), token).statusCode()).as("issued before, for 100 hours").isEqualTo(200);
    }

    @Test
    void expiredTokensAre401UntilANewOneIsGranted() throws Exception {
        simulator.expireTokens();
        assertThat(get(sitesUrl(""), token).statusCode()).isEqualTo(401);
        assertThat(get(sitesUrl(""), token()).statusCode()).isEqualTo(200);
    }

    @Test
    void theTokenEndpointTakesOnlyPost() throws Exception {
        assertThat(get(simulator.baseUrl() + DattoRmmSimulator.TOKEN_PATH, null).statusCode()).isEqualTo(405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "wrong-token", KEY, SECRET})
    void wrongOrMissingBearerIs401Json(String token) throws Exception {
        HttpResponse<String> response = get(sitesUrl(""), token.isEmpty() ? null : token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(MAPPER.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void basicAuthInsteadOfBearerIs401() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sitesUrl("")))
                .header("Authorization", "Basic " + token).build();
        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?max=0", "?max=251", "?max=-1", "?max=abc", "?page=-1", "?page=x", "?page=1&page=2"})
    void badPagingParametersAre400(String query) throws Exception {
        HttpResponse<String> response = get(sitesUrl(query), token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).get("error").asText()).isNotBlank();
    }

    @Test
    void maxBoundariesOneAnd250AreAccepted() throws Exception {
        assertThat(get(sitesUrl("?max=1"), token).statusCode()).isEqualTo(200);
        assertThat(get(sitesUrl("?max=250"), token).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathIs404AndPostIs405() throws Exception {
        assertThat(get(simulator.baseUrl() + "/api/v2/account/devices", token).statusCode()).isEqualTo(404);
        HttpRequest post = HttpRequest.newBuilder(URI.create(sitesUrl("")))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(HTTP.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void pastTheRateLimitIs429AndGoingOnIs403AndABlockOfEveryPath() throws Exception {
        simulator.setRateLimit(3, Duration.ofMinutes(1), Duration.ofMinutes(5));
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(get(sitesUrl(""), token).statusCode());
        }
        assertThat(codes).containsExactly(200, 200, 200, 429, 403);
        assertThat(grant(PUBLIC_CLIENT, "grant_type=password&username=" + KEY + "&password=" + SECRET).statusCode())
                .as("the block is of the caller, not only of the API").isEqualTo(403);
        assertThat(get(sitesUrl(""), token).statusCode()).isEqualTo(403);
    }

    @Test
    void theLimitCountsTheLastWindowOnlyAndTheBlockEnds() throws Exception {
        simulator.setRateLimit(2, Duration.ofMillis(400), Duration.ofMillis(400));
        assertThat(List.of(get(sitesUrl(""), token).statusCode(), get(sitesUrl(""), token).statusCode(),
                get(sitesUrl(""), token).statusCode())).containsExactly(200, 200, 429);
        Thread.sleep(450);
        assertThat(List.of(get(sitesUrl(""), token).statusCode(), get(sitesUrl(""), token).statusCode(),
                get(sitesUrl(""), token).statusCode(), get(sitesUrl(""), token).statusCode()))
                .as("waited out: served again; then limited, and blocked").containsExactly(200, 200, 429, 403);
        Thread.sleep(450);
        assertThat(get(sitesUrl(""), token).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenRequestsDoNotUseUpTheLimit() throws Exception {
        simulator.setRateLimit(1, Duration.ofMinutes(1), Duration.ofMinutes(5));
        String again = token();
        assertThat(get(sitesUrl(""), token()).statusCode()).isEqualTo(200);
        assertThat(get(sitesUrl(""), again).statusCode()).isEqualTo(429);
    }

    @Test
    void failNextRequestsAnswersThatStatusThenRecovers() throws Exception {
        simulator.failNextRequests(2, 503);
        assertThat(get(sitesUrl(""), token).statusCode()).isEqualTo(503);
        assertThat(get(sitesUrl(""), "even-without-valid-auth").statusCode()).isEqualTo(503);
        assertThat(get(sitesUrl(""), token).statusCode()).isEqualTo(200);
        assertThat(simulator.requestCount()).isEqualTo(4);
    }

    @Test
    void failNextRequestsRejectsNonsense() {
        assertThatThrownBy(() -> simulator.failNextRequests(-1, 503)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.failNextRequests(1, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DattoRmmSimulator.start(" ", SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DattoRmmSimulator.start(KEY, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setTokenLifetime(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setRateLimit(0, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setRateLimit(1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRequestsAreAllCountedAndFaultsAreNotOverspent() throws Exception {
        simulator.failNextRequests(10, 429);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                statuses.add(pool.submit(() -> get(sitesUrl("?max=2"), token).statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).filteredOn(code -> code == 429).hasSize(10);
            assertThat(codes).filteredOn(code -> code == 200).hasSize(70);
        } finally {
            pool.shutdownNow();
        }
        assertThat(simulator.requestCount()).isEqualTo(81);
    }
}
