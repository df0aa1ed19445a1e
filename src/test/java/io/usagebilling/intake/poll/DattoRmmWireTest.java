package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.usagebilling.sim.DattoRmmSimulator;
import io.usagebilling.support.WireFixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The Datto RMM token client and simulator against the same fixtures of the public record (wire/datto-rmm/). */
class DattoRmmWireTest {

    private static final WireFixture TOKEN = WireFixture.load("datto-rmm/token.json");
    private static final WireFixture SITES = WireFixture.load("datto-rmm/sites.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCollectorAsksForATokenAsThePublicClientsDo() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        HttpServer replay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replay.createContext("/", exchange -> {
            seen.put("path", exchange.getRequestURI().getPath());
            seen.put("method", exchange.getRequestMethod());
            seen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seen.put("contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            seen.put("form", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            WireFixture.answer(exchange, 200, TOKEN.answer());
        });
        replay.start();
        try {
            JsonNode form = TOKEN.request().path("form");
            OAuth2Tokens tokens = OAuth2Tokens.password("http://127.0.0.1:" + replay.getAddress().getPort()
                    + TOKEN.request().path("path").asText(), "public-client", "public", form.path("username").asText(),
                    form.path("password").asText(), "", Duration.ofSeconds(5), Clock.systemUTC());

            assertThat(tokens.accessToken()).isEqualTo(TOKEN.answer().path("access_token").asText());
            assertThat(seen).containsEntry("method", "POST").containsEntry("path", TOKEN.request().path("path").asText())
                    .containsEntry("authorization", TOKEN.request().path("authorization").asText());
            assertThat(seen.get("contentType")).startsWith(TOKEN.request().path("contentType").asText());
            assertThat(WireFixture.formFields(seen.get("form"))).isEqualTo(TOKEN.requestForm());
        } finally {
            replay.stop(0);
        }
    }

    @Test
    void theSimulatorAnswersInThePublicClientsShapes() throws Exception {
        Map<String, String> form = TOKEN.requestForm();
        try (DattoRmmSimulator sim = DattoRmmSimulator.start(form.get("username"), form.get("password"))) {
            sim.setSites(List.of(new DattoRmmSimulator.Site(1, "3b0c8c1e-acme-main", "Acme Dental", 12)));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + TOKEN.request().path("path").asText()))
                    .header("Authorization", TOKEN.request().path("authorization").asText())
                    .header("Content-Type", TOKEN.request().path("contentType").asText())
                    .POST(HttpRequest.BodyPublishers.ofString(WireFixture.formBody(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(200);
            TOKEN.assertSameShape(JSON.readTree(token.body()));

            HttpResponse<String> sites = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                    + SITES.request().path("path").asText() + "?" + SITES.request().path("query").asText()))
                    .header("Authorization", "Bearer " + JSON.readTree(token.body()).path("access_token").asText()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sites.statusCode()).isEqualTo(200);
            SITES.assertSameShape(JSON.readTree(sites.body()));
        }
    }
}
