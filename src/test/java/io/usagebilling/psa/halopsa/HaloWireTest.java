package io.usagebilling.psa.halopsa;

import static io.usagebilling.support.PsaCalls.assertOutcome;
import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.PsaDirectory;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.support.WireFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HaloPSA adapter and simulator against the same fixtures of the public record (wire/halopsa/). */
class HaloWireTest {

    private static final WireFixture TOKEN = WireFixture.load("halopsa/token.json");
    private static final WireFixture CLIENTS = WireFixture.load("halopsa/clients.json");
    private static final WireFixture INVOICES = WireFixture.load("halopsa/recurring-invoices.json");
    private static final WireFixture INVOICE = WireFixture.load("halopsa/recurring-invoice.json");
    private static final WireFixture UPDATE = WireFixture.load("halopsa/recurring-invoice-update.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContractLine LINE = new ContractLine(310, 77);
    private static final LocalDate JUN_15 = LocalDate.of(2026, 6, 15);

    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer replay;

    @AfterEach
    void stop() {
        if (replay != null) {
            replay.stop(0);
        }
    }

    @Test
    void theAdapterSignsInReadsAndWritesAsThePublicClientsDo() throws Exception {
        HaloContractUnits adapter = adapter(replay(TOKEN.answer()));

        assertThat(adapter.unitsOn(LINE, JUN_15)).isEqualByComparingTo("10");
        assertThat(seen.get("POST /auth/token contentType")).startsWith(TOKEN.request().path("contentType").asText());
        assertThat(WireFixture.formFields(seen.get("POST /auth/token query"))).isEqualTo(fixtureMap(TOKEN.request().path("query")));
        assertThat(WireFixture.formFields(seen.get("POST /auth/token body"))).isEqualTo(fixtureMap(TOKEN.request().path("form")));
        assertThat(seen.get("GET " + INVOICE.request().path("path").asText() + " authorization"))
                .isEqualTo("Bearer " + TOKEN.answer().path("access_token").asText());

        adapter.adjust(LINE, JUN_15, new BigDecimal("-4"));
        assertThat(JSON.readTree(seen.get("POST " + UPDATE.request().path("path").asText() + " body")))
                .isEqualTo(UPDATE.request().path("body"));
    }

    @Test
    void theAdapterListsClientsAndRecurringInvoicesPagedAsThePublicClientsDo() throws Exception {
        HaloDirectory directory = new HaloDirectory(adapter(replay(TOKEN.answer())).client());

        assertThat(directory.companies()).containsExactly(new PsaDirectory.Company(101, "Acme Dental", true));
        assertThat(directory.contracts()).containsExactly(new PsaDirectory.Contract(310, 101, "Managed Services", true, true));
        assertThat(WireFixture.formFields(seen.get("GET " + CLIENTS.request().path("path").asText() + " query")))
                .isEqualTo(fixtureMap(CLIENTS.request().path("query")));
        assertThat(WireFixture.formFields(seen.get("GET " + INVOICES.request().path("path").asText() + " query")))
                .isEqualTo(fixtureMap(INVOICES.request().path("query")));
    }

    /** RFC 6749 lets a token endpoint refuse a client with 400 and invalid_client, not only 401. */
    @Test
    void credentialsRefusedWith400InvalidClientAreAConfigurationError() throws Exception {
        HaloContractUnits adapter = adapter(replay(JSON.readTree("{\"error\":\"invalid_client\"}")));
        assertOutcome(() -> adapter.unitsOn(LINE, JUN_15), Outcome.MISCONFIGURED, "HALO_CLIENT_SECRET");
    }

    @Test
    void theSimulatorAnswersInThePublicClientsShapesAndTakesTheirUpdate() throws Exception {
        try (HaloSimulator sim = HaloSimulator.start("halo-client", "halo-secret", "msp")) {
            sim.addCompany(101, "Acme Dental");
            sim.addContract(310, 101, "Managed Services");
            sim.addLine(310, 77, BigDecimal.TEN, LocalDate.of(2026, 6, 1));
            sim.addLine(310, 78, new BigDecimal("3"), LocalDate.of(2026, 6, 1));
            HttpClient http = HttpClient.newHttpClient();
            String form = fixtureMap(TOKEN.request().path("form")).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(simUri(sim, TOKEN))
                    .header("Content-Type", TOKEN.request().path("contentType").asText())
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            JsonNode token = JSON.readTree(signedIn.body());
            TOKEN.assertSameShape(token);
            String bearer = "Bearer " + token.path("access_token").asText();

            for (WireFixture read : new WireFixture[] {CLIENTS, INVOICES, INVOICE}) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(simUri(sim, read)).header("Authorization", bearer)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                read.assertSameShape(JSON.readTree(answer.body()));
            }
            HttpResponse<String> updated = http.send(HttpRequest.newBuilder(simUri(sim, UPDATE)).header("Authorization", bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(UPDATE.request().path("body").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            assertThat(sim.unitsOn(310, 77, JUN_15.minusDays(1))).isEqualByComparingTo("10");
            assertThat(sim.unitsOn(310, 77, JUN_15)).isEqualByComparingTo("6");
            assertThat(sim.unitsOn(310, 78, JUN_15)).isEqualByComparingTo("3");
        }
    }

    /** Answers the sign-in with {@code signIn} and every read with its fixture; notes what each request sent. */
    private URI replay(JsonNode signIn) throws IOException {
        replay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replay.createContext("/", exchange -> {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            seen.put(request + " contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            seen.put(request + " authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seen.put(request + " query", String.valueOf(exchange.getRequestURI().getRawQuery()));
            seen.put(request + " body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            WireFixture fixture = exchange.getRequestURI().getPath().equals(CLIENTS.request().path("path").asText()) ? CLIENTS
                    : exchange.getRequestURI().getPath().equals(INVOICES.request().path("path").asText())
                    && exchange.getRequestMethod().equals("GET") ? INVOICES : INVOICE;
            boolean signingIn = exchange.getRequestURI().getPath().equals(TOKEN.request().path("path").asText());
            WireFixture.answer(exchange, signingIn && signIn.has("error") ? 400 : 200, signingIn ? signIn : fixture.answer());
        });
        replay.start();
        return URI.create("http://127.0.0.1:" + replay.getAddress().getPort() + "/");
    }

    private static HaloContractUnits adapter(URI instance) {
        return new HaloContractUnits(new HaloContractUnits.Settings(instance, null, "halo-client", "halo-secret", "msp", "qty_order",
                Duration.ofSeconds(5)),
                Duration.ofSeconds(5), fastHttp(Duration.ofSeconds(5)));
    }

    private static URI simUri(HaloSimulator sim, WireFixture fixture) {
        JsonNode query = fixture.request().path("query");
        String pairs = fixtureMap(query).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return URI.create(sim.baseUrl() + fixture.request().path("path").asText().substring(1) + (pairs.isEmpty() ? "" : "?" + pairs));
    }

    private static Map<String, String> fixtureMap(JsonNode object) {
        return object.isMissingNode() ? new TreeMap<>() : JSON.convertValue(object, new TypeReference<TreeMap<String, String>>() {});
    }
}
