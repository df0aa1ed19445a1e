package io.usagebilling.sim.psa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.sim.psa.AutotaskSimulator.ImplicitServiceLine;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's wire shapes, spoken to with a plain HttpClient. */
class AutotaskSimulatorTest {

    private static final String CODE = "SIMINTEGRATIONCODE000000001";
    private static final String USER = "api-user@msp.example";
    private static final String SECRET = "sim-secret-1";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private AutotaskSimulator sim;
    private String api;

    @BeforeEach
    void start() {
        sim = AutotaskSimulator.start(CODE, USER, SECRET);
        api = sim.zoneLookupBase() + "/v1.0/";
        sim.addCompany(10, "Acme Dental");
        sim.addCompany(11, "Birch Legal");
        sim.addCompany(12, "Cedar Clinic");
        sim.addContract(300, 10, "Acme managed services");
        sim.addContract(301, 11, "Birch managed services");
        sim.addLine(300, 40, new BigDecimal("5"), LocalDate.of(2026, 1, 1));
        sim.addLine(301, 40, new BigDecimal("2"), LocalDate.of(2026, 1, 20));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void bindsLoopbackAndAnswersZoneLookupWithoutAuth() throws Exception {
        assertThat(sim.zoneLookupBase()).matches("http://127\\.0\\.0\\.1:\\d+/atservicesrest");
        Answer zone = get(api + "zoneInformation?user=api-user%40msp.example", false);
        assertThat(zone.status).isEqualTo(200);
        assertThat(zone.body.get("url").asText()).isEqualTo(sim.zoneLookupBase() + "/");
        assertThat(zone.body.get("ci").asInt()).isEqualTo(1);
        Answer stranger = get(api + "zoneInformation?user=someone-else", false);
        assertThat(stranger.status).isEqualTo(500);
        assertThat(stranger.body.toString()).isEqualTo("{\"errors\":[\"Zone information could not be determined\"]}");
    }

    @Test
    void apiCallsNeedAllThreeHeadersAndAnUnknownIntegrationCodeIsA500() throws Exception {
        String body = "{\"filter\":[{\"op\":\"exist\",\"field\":\"id\"}]}";
        Answer anonymous = send(HttpRequest.newBuilder(URI.create(api + "Companies/query"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(anonymous.status).isEqualTo(500);
        assertThat(anonymous.body.toString()).isEqualTo("{\"errors\":[\"IntegrationCode is invalid.\"]}");
        Answer wrongSecret = send(HttpRequest.newBuilder(URI.create(api + "Companies/query")).header("ApiIntegrationCode", CODE)
                .header("UserName", USER).header("Secret", "nope").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(wrongSecret.status).isEqualTo(401);
        assertThat(post("Companies/query", body).status).isEqualTo(200);
        assertThat(sim.requestCount()).isEqualTo(3);
    }

    @Test
    void pagesCarryAbsoluteNextAndPrevUrls() throws Exception {
        String query = "{\"MaxRecords\":2,\"filter\":[{\"op\":\"gte\",\"field\":\"id\",\"value\":0}]}";
        Answer first = post("Companies/query", query);
        JsonNode details = first.body.get("pageDetails");
        assertThat(ids(first)).containsExactly(10L, 11L);
        assertThat(details.get("count").asInt()).isEqualTo(2);
        assertThat(details.get("requestCount").asInt()).isEqualTo(2);
        assertThat(details.get("prevPageUrl").isNull()).isTrue();
        assertThat(details.get("nextPageUrl").asText())
                .startsWith(sim.zoneLookupBase() + "/V1.0/Companies/query/next?paging="); // as documented, capital V

        Answer second = postTo(details.get("nextPageUrl").asText(), query);
        assertThat(ids(second)).containsExactly(12L);
        assertThat(second.body.at("/pageDetails/nextPageUrl").isNull()).isTrue();
        assertThat(ids(postTo(second.body.at("/pageDetails/prevPageUrl").asText(), ""))).containsExactly(10L, 11L);
        assertThat(postTo(api + "Companies/query/next?paging=nope", query).status).isEqualTo(404);
    }

    @Test
    void nextPageAskedWithGetIsRefusedLikeAutotaskDoes() throws Exception {
        Answer first = post("Companies/query", "{\"MaxRecords\":2,\"filter\":[{\"op\":\"gte\",\"field\":\"id\",\"value\":0}]}");
        Answer refused = get(first.body.at("/pageDetails/nextPageUrl").asText(), true);
        assertThat(refused.status).isEqualTo(405);
        assertThat(refused.body.get("errors").get(0).asText()).contains("does not support http method 'GET'");
    }

    @Test
    void filtersSupportComparisonsInAndGroups() throws Exception {
        assertThat(ids(post("Companies/query", "{\"filter\":[{\"op\":\"in\",\"field\":\"id\",\"value\":[10,12,99]}]}")))
                .containsExactly(10L, 12L);
        assertThat(ids(post("Companies/query", "{\"filter\":[{\"op\":\"or\",\"items\":["
                + "{\"op\":\"eq\",\"field\":\"companyName\",\"value\":\"birch legal\"},"
                + "{\"op\":\"gt\",\"field\":\"id\",\"value\":\"11\"}]}]}"))).containsExactly(11L, 12L);
        assertThat(ids(post("Contracts/query", "{\"filter\":[{\"op\":\"noteq\",\"field\":\"companyID\",\"value\":10}]}")))
                .containsExactly(301L);
        Answer projected = post("Companies/query", "{\"IncludeFields\":[\"id\"],\"filter\":[{\"op\":\"eq\",\"field\":\"ID\",\"value\":10}]}");
        assertThat(projected.body.at("/items/0").toString()).isEqualTo("{\"id\":10}");
    }

    @Test
    void badInputIsA4xxWithAReasonNeverA500() throws Exception {
        assertThat(post("Companies/query", "{\"MaxRecords\":501,\"filter\":[{\"op\":\"exist\",\"field\":\"id\"}]}").status).isEqualTo(400);
        assertThat(post("Companies/query", "{\"filter\":[{\"op\":\"eq\",\"field\":\"id\"").status).isEqualTo(400);
        assertThat(post("Companies/query", "{\"filter\":[]}").status).isEqualTo(400);
        assertThat(post("Companies/query", "{\"filter\":[{\"op\":\"like\",\"field\":\"id\",\"value\":1}]}").status).isEqualTo(400);
        Answer unknownField = post("Companies/query", "{\"filter\":[{\"op\":\"eq\",\"field\":\"colour\",\"value\":1}]}");
        assertThat(unknownField.status).isEqualTo(400);
        assertThat(unknownField.body.get("errors").get(0).asText()).contains("colour");
        assertThat(post("Widgets/query", "{\"filter\":[{\"op\":\"exist\",\"field\":\"id\"}]}").status).isEqualTo(404);
        assertThat(post("ContractServiceAdjustments/query", "{\"filter\":[{\"op\":\"exist\",\"field\":\"id\"}]}").status).isEqualTo(405);
        assertThat(post("ContractServiceAdjustments", "{\"contractID\":300,\"serviceID\":40,\"unitChange\":1}").status).isEqualTo(400);
        assertThat(post("ContractServiceAdjustments", adjustmentBody(300, 40, "2026-02-01T00:00:00", "1.5")).status).isEqualTo(400);
        assertThat(post("ContractServiceAdjustments", adjustmentBody(300, 40, "2026-02-01T00:00:00", "\"1\"")).status).isEqualTo(400);
        assertThat(post("ContractServiceAdjustments", adjustmentBody(999, 40, "2026-02-01T00:00:00", "1")).status).isEqualTo(400);
        assertThat(post("ContractServiceAdjustments", adjustmentBody(300, 40, "2025-12-01T00:00:00", "1")).status).isEqualTo(400);
        assertThat(sim.writeCount()).isZero();
    }

    @Test
    void adjustmentsSplitPeriodsAndCarryForward() throws Exception {
        Answer created = post("ContractServiceAdjustments", adjustmentBody(300, 40, "2026-02-10T00:00:00", "2"));
        assertThat(created.status).isEqualTo(200);
        assertThat(created.body.get("itemId").canConvertToLong()).isTrue();
        post("ContractServiceAdjustments", adjustmentBody(300, 40, "2026-02-20T00:00:00", "-4"));

        Answer rows = post("ContractServiceUnits/query", "{\"filter\":[{\"op\":\"eq\",\"field\":\"contractID\",\"value\":300},"
                + "{\"op\":\"lt\",\"field\":\"startDate\",\"value\":\"2026-04-01\"}]}");
        List<String> periods = rows.body.findValuesAsText("startDate").stream().map(s -> s.substring(0, 10)).toList();
        assertThat(periods).containsExactly("2026-01-01", "2026-02-01", "2026-02-10", "2026-02-20", "2026-03-01");
        assertThat(rows.body.findValuesAsText("endDate")).containsExactly("2026-01-31T00:00:00", "2026-02-09T00:00:00",
                "2026-02-19T00:00:00", "2026-02-28T00:00:00", "2026-03-31T00:00:00");
        assertThat(rows.body.findValuesAsText("units")).containsExactly("5", "5", "7", "3", "3");
        assertThat(sim.unitsOn(300, 40, LocalDate.of(2027, 6, 1))).isEqualByComparingTo("3");
    }

    @Test
    void firstPeriodStartsOnTheServiceStartAndLaterPeriodsAppearWhenAsked() throws Exception {
        Answer rows = post("ContractServiceUnits/query", "{\"filter\":[{\"op\":\"eq\",\"field\":\"contractID\",\"value\":301},"
                + "{\"op\":\"or\",\"items\":[{\"op\":\"lte\",\"field\":\"endDate\",\"value\":\"2026-01-31T00:00:00\"},"
                + "{\"op\":\"gte\",\"field\":\"startDate\",\"value\":\"2028-05-01T00:00:00\"}]}]}");
        assertThat(rows.body.findValuesAsText("startDate")).containsExactly("2026-01-20T00:00:00", "2028-05-01T00:00:00");
    }

    @Test
    void adjustmentForAServiceNotOnTheContractSilentlyAddsTheLine() throws Exception {
        assertThat(post("ContractServiceAdjustments", adjustmentBody(300, 41, "2026-03-05T00:00:00", "4")).status).isEqualTo(200);
        assertThat(sim.implicitServiceLines()).containsExactly(new ImplicitServiceLine(300, 41, LocalDate.of(2026, 3, 5)));
        assertThat(sim.unitsOn(300, 41, LocalDate.of(2026, 3, 5))).isEqualByComparingTo("4");
        Answer services = post("ContractServices/query", "{\"filter\":[{\"op\":\"eq\",\"field\":\"contractID\",\"value\":300}]}");
        assertThat(services.body.findValuesAsText("serviceID")).containsExactly("40", "41");
    }

    @Test
    void throttleFaultCarriesRetryAfterAndAppliesNothing() throws Exception {
        sim.failNextAdjustment(Fault.HTTP_429);
        HttpResponse<String> throttled = http.send(authorized(api + "ContractServiceAdjustments")
                .POST(HttpRequest.BodyPublishers.ofString(adjustmentBody(300, 40, "2026-02-01T00:00:00", "1"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
        assertThat(sim.writeCount()).isZero();
        assertThat(post("ContractServiceAdjustments", adjustmentBody(300, 40, "2026-02-01T00:00:00", "1")).status).isEqualTo(200);
    }

    @Test
    void aFourthConcurrentRequestOnAnEndpointIsRefusedWithItgenatr005() throws Exception {
        sim.setResponseDelay(Duration.ofMillis(500));
        String body = "{\"filter\":[{\"op\":\"exist\",\"field\":\"id\"}]}";
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(http.sendAsync(authorized(api + "Companies/query").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> refused = answers.stream().map(CompletableFuture::join)
                .filter(answer -> answer.statusCode() != 200).toList();
        assertThat(refused).singleElement().satisfies(answer -> {
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("Itgenatr005");
        });
    }

    @Test
    void threadLimitFaultRefusesTheAdjustmentUnapplied() throws Exception {
        sim.failNextAdjustment(Fault.THREAD_LIMIT);
        Answer refused = post("ContractServiceAdjustments", adjustmentBody(300, 40, "2026-02-01T00:00:00", "1"));
        assertThat(refused.status).isEqualTo(500);
        assertThat(refused.body.get("errors").get(0).asText()).startsWith("Itgenatr005");
        assertThat(sim.writeCount()).isZero();
    }

    @Test
    void thresholdInformationCountsTheTenantsRequestsOfTheTimeframeAndBeyondTheThresholdRefuses() throws Exception {
        assertThat(get(api + "ThresholdInformation", true).body.toString()).isEqualTo("{\"externalRequestThreshold\":10000,"
                + "\"requestThresholdTimeframe\":60,\"currentTimeframeRequestCount\":1}"); // itself counted
        sim.setHourlyThreshold(100);
        sim.setCurrentTimeframeRequestCount(97); // other integrations of the tenant

        assertThat(get(api + "ThresholdInformation", true).body.get("currentTimeframeRequestCount").asLong()).isEqualTo(98);
        String body = "{\"filter\":[{\"op\":\"exist\",\"field\":\"id\"}]}";
        assertThat(post("Companies/query", body).status).isEqualTo(200);
        assertThat(post("Companies/query", body).status).isEqualTo(200);
        Answer over = post("Companies/query", body);
        assertThat(over.status).isEqualTo(429);
        assertThat(sim.requestCount()).as("only what it received").isEqualTo(5);
        assertThat(get(api + "ThresholdInformation", true).status).isEqualTo(429);
    }

    @Test
    void reportListsRequestsAndAdjustmentsWithoutAuth() throws Exception {
        post("ContractServiceAdjustments", adjustmentBody(300, 40, "2026-02-01T00:00:00", "3"));
        Answer report = get(sim.zoneLookupBase().replace("/atservicesrest", "/sim/report"), false);
        assertThat(report.status).isEqualTo(200);
        assertThat(report.body.get("requests").asLong()).isEqualTo(1);
        assertThat(report.body.at("/adjustments/0").toString())
                .isEqualTo("{\"contractId\":300,\"serviceId\":40,\"effectiveDate\":\"2026-02-01\",\"unitChange\":3}");
        assertThat(sim.requestCount()).isEqualTo(1); // the report itself is not an API request
    }

    private record Answer(int status, JsonNode body) { }

    private static String adjustmentBody(long contractId, long serviceId, String effectiveDate, String unitChange) {
        return "{\"contractID\":" + contractId + ",\"serviceID\":" + serviceId + ",\"effectiveDate\":\"" + effectiveDate
                + "\",\"unitChange\":" + unitChange + "}";
    }

    private static List<Long> ids(Answer answer) {
        return answer.body.findValues("id").stream().map(JsonNode::asLong).toList();
    }

    private Answer post(String path, String body) throws IOException, InterruptedException {
        return postTo(api + path, body);
    }

    private Answer postTo(String url, String body) throws IOException, InterruptedException {
        return send(authorized(url).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Answer get(String url, boolean withAuth) throws IOException, InterruptedException {
        return send((withAuth ? authorized(url) : HttpRequest.newBuilder(URI.create(url))).GET().build());
    }

    private HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("ApiIntegrationCode", CODE).header("UserName", USER)
                .header("Secret", SECRET).header("Content-Type", "application/json");
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }
}
