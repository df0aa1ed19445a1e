package io.usagebilling.psa.connectwise;

import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.sim.psa.ConnectWiseSimulator;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ConnectWise adapter and simulator against the same fixtures of the public record (wire/connectwise/). */
class ConnectWiseWireTest {

    private static final WireFixture AUTH = WireFixture.load("connectwise/auth.json");
    private static final WireFixture ADD = WireFixture.load("connectwise/add-addition.json");
    private static final WireFixture CANCEL = WireFixture.load("connectwise/cancel-addition.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/v4_6_release/apis/3.0";

    private record Seen(String method, String path, String authorization, String clientId, JsonNode body) {}

    @Test
    void theAdapterSendsThePublicClientsRequests() throws Exception {
        List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer replay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replay.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath().substring(PREFIX.length()),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("clientId"),
                    body.isEmpty() ? null : JSON.readTree(body)));
            switch (exchange.getRequestMethod()) {
                case "GET" -> WireFixture.answer(exchange, 200, JSON.createArrayNode().add(((ObjectNode) CANCEL.answer().deepCopy())
                        .putNull("cancelledDate")));
                case "PATCH" -> WireFixture.answer(exchange, 200, CANCEL.answer());
                default -> WireFixture.answer(exchange, 201, ADD.answer());
            }
        });
        replay.start();
        try {
            JsonNode auth = AUTH.request();
            ConnectWiseContractUnits adapter = new ConnectWiseContractUnits(
                    URI.create("http://127.0.0.1:" + replay.getAddress().getPort() + PREFIX + "/"), auth.path("company").asText(),
                    auth.path("publicKey").asText(), auth.path("privateKey").asText(), auth.path("clientId").asText(),
                    Duration.ofSeconds(5), fastHttp(Duration.ofSeconds(5)));

            adapter.adjust(new ContractLine(871, 42), LocalDate.of(2026, 6, 15), new BigDecimal("2"));

            assertThat(seen).extracting(Seen::method).containsExactly("GET", "PATCH", "POST");
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.authorization()).isEqualTo(auth.path("authorization").asText());
                assertThat(s.clientId()).isEqualTo(auth.path("clientId").asText());
            });
            assertThat(seen.get(1).path()).isEqualTo(CANCEL.request().path("path").asText());
            assertThat(seen.get(1).body()).isEqualTo(CANCEL.request().path("body"));
            Seen post = seen.get(2);
            assertThat(post.path()).isEqualTo(ADD.request().path("path").asText());
            assertThat(post.body().at("/product/id").asLong()).isEqualTo(42);
            assertThat(ADD.request().path("billCustomer")).extracting(JsonNode::asText).contains(post.body().path("billCustomer").asText());
            assertThat(post.body().path("quantity").decimalValue()).isEqualByComparingTo("12");
        } finally {
            replay.stop(0);
        }
    }

    @Test
    void theSimulatorAnswersWithThePublicClientsShapesAndStatuses() throws Exception {
        JsonNode auth = AUTH.request();
        try (ConnectWiseSimulator sim = ConnectWiseSimulator.start(auth.path("company").asText(), auth.path("publicKey").asText(),
                auth.path("privateKey").asText(), auth.path("clientId").asText())) {
            sim.addCompany(101, "Acme Dental");
            sim.addContract(871, 101, "Managed Devices");
            sim.addLine(871, 42, BigDecimal.TEN, LocalDate.of(2026, 6, 1));
            long existing = sim.additions().get(0).id();

            HttpResponse<String> patched = send(sim, "PATCH", "/finance/agreements/871/additions/" + existing,
                    CANCEL.request().path("body").toString());
            assertThat(patched.statusCode()).isEqualTo(200);
            CANCEL.assertSameShape(JSON.readTree(patched.body()));

            ObjectNode addition = JSON.createObjectNode();
            addition.putObject("product").put("id", 42);
            addition.put("billCustomer", "Billable").put("quantity", 12).put("effectiveDate", "2026-06-15T00:00:00Z");
            HttpResponse<String> created = send(sim, "POST", ADD.request().path("path").asText(), addition.toString());
            assertThat(created.statusCode()).isEqualTo(201);
            ADD.assertSameShape(JSON.readTree(created.body()));

            addition.remove("billCustomer");
            assertThat(send(sim, "POST", ADD.request().path("path").asText(), addition.toString()).statusCode())
                    .as("billCustomer is required").isEqualTo(400);
        }
    }

    private static HttpResponse<String> send(ConnectWiseSimulator sim, String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path.substring(1)))
                .header("Authorization", AUTH.request().path("authorization").asText())
                .header("clientId", AUTH.request().path("clientId").asText()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
