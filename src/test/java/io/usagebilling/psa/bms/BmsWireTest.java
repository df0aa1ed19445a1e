package io.usagebilling.psa.bms;

import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.sim.psa.BmsSimulator;
import io.usagebilling.support.WireFixture;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The BMS adapter and simulator against the same fixtures of the public record (wire/bms/). */
class BmsWireTest {

    private static final WireFixture SIGN_IN = WireFixture.load("bms/sign-in.json");
    private static final WireFixture SERVICES = WireFixture.load("bms/contract-services.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate JUN_15 = LocalDate.of(2026, 6, 15);

    @Test
    void theAdapterSignsInAsThePublicClientsDoAndReadsTheirAnswers() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        HttpServer replay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replay.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(SIGN_IN.request().path("path").asText())) {
                seen.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
                seen.put("form", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                WireFixture.answer(exchange, 200, SIGN_IN.answer());
            } else {
                seen.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
                WireFixture.answer(exchange, 200, SERVICES.answer());
            }
        });
        replay.start();
        try {
            BmsContractUnits adapter = new BmsContractUnits(new BmsContractUnits.Settings(
                    URI.create("http://127.0.0.1:" + replay.getAddress().getPort() + "/"), "api@msp", "pw", "MSP Tenant", 0),
                    Duration.ofSeconds(5), fastHttp(Duration.ofSeconds(5)));

            assertThat(adapter.unitsOn(new ContractLine(310, 77), JUN_15)).isEqualByComparingTo("10");
            assertThat(seen.get("contentType")).startsWith(SIGN_IN.request().path("contentType").asText());
            assertThat(WireFixture.formFields(seen.get("form"))).isEqualTo(SIGN_IN.requestForm());
            assertThat(seen.get("authorization")).isEqualTo("Bearer " + SIGN_IN.answer().at("/result/accessToken").asText());
        } finally {
            replay.stop(0);
        }
    }

    @Test
    void theSimulatorAnswersInThePublicClientsShapes() throws Exception {
        try (BmsSimulator sim = BmsSimulator.start("api@msp", "pw", "MSP Tenant")) {
            sim.addLine(310, 77, BigDecimal.TEN, LocalDate.of(2026, 6, 1));
            HttpClient http = HttpClient.newHttpClient();
            String form = WireFixture.formBody(SIGN_IN.requestForm());
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                    + SIGN_IN.request().path("path").asText().substring(1)))
                    .header("Content-Type", SIGN_IN.request().path("contentType").asText())
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            JsonNode token = JSON.readTree(signedIn.body());
            SIGN_IN.assertSameShape(token);

            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                    + SERVICES.request().path("path").asText().substring(1) + "?pageNumber=0&pageSize=100"))
                    .header("Authorization", "Bearer " + token.at("/result/accessToken").asText()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            SERVICES.assertSameShape(JSON.readTree(listed.body()));
        }
    }
}
