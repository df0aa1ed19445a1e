package io.usagebilling.psa.autotask;

import static io.usagebilling.support.PsaCalls.assertOutcome;
import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.support.RecordingForwarder;
import io.usagebilling.support.RecordingForwarder.Exchange;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter and the simulator against the published Autotask REST v1 description (the Swagger
 * subset in ../shared/reference): the adapter drives the simulator through a recording forwarder on
 * loopback, and every request it sent and every answer it got must match the document
 * ({@link AutotaskSwaggerSubset} says where Autotask's wire differs from it, and why).
 */
class AutotaskSwaggerContractTest {

    private static final String CODE = "SIMINTEGRATIONCODE000000001";
    private static final String USER = "api-user@msp.example";
    private static final String SECRET = "sim-secret-1";
    /** One more than a page (MaxRecords is at most 500), so listings need their next page. */
    private static final int ROWS = 501;
    private static final ContractLine LINE = new ContractLine(1001, 40);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static AutotaskSwaggerSubset document;

    private AutotaskSimulator sim;
    private RecordingForwarder wire;

    @BeforeAll
    static void loadTheDocument() {
        document = AutotaskSwaggerSubset.load();
    }

    @BeforeEach
    void startSimulatorBehindTheRecorder() {
        sim = AutotaskSimulator.start(CODE, USER, SECRET);
        wire = new RecordingForwarder(URI.create(sim.zoneLookupBase()));
        for (long id = 1; id <= ROWS; id++) {
            sim.addCompany(id, "Client " + id);
            sim.addContract(1000 + id, id, "Managed services " + id);
        }
        sim.addLine(LINE.contractId(), LINE.serviceId(), new BigDecimal("5"), LocalDate.of(2026, 1, 1));
    }

    @AfterEach
    void stop() {
        wire.close();
        sim.close();
    }

    @Test
    void everyRequestAndAnswerOfTheRealOperationsMatchesTheDocument() {
        AutotaskClient client = client(CODE, USER, SECRET);
        AutotaskDirectory directory = new AutotaskDirectory(client);
        assertThat(directory.companies()).hasSize(ROWS);
        assertThat(directory.contracts()).hasSize(ROWS);

        AutotaskContractUnits units = new AutotaskContractUnits(client);
        units.beforeDelivery(); // ThresholdInformation
        units.adjust(LINE, LocalDate.of(2026, 2, 14), BigDecimal.valueOf(3));
        sim.failNextAdjustment(Fault.THREAD_LIMIT);
        sim.failNextAdjustment(Fault.HTTP_429);
        units.adjust(LINE, LocalDate.of(2026, 3, 1), BigDecimal.valueOf(-2)); // refused twice for load, then applied
        sim.failNextQueries(1, 503);
        assertThat(units.unitsBetween(LINE, LocalDate.of(2026, 1, 10), LocalDate.of(2026, 4, 20)).values()) // read again after the 503
                .containsSubsequence(new BigDecimal("5"), new BigDecimal("8"), new BigDecimal("6"));

        assertOutcome(() -> units.adjust(new ContractLine(999_999, 40), LocalDate.of(2026, 4, 1), BigDecimal.ONE),
                Outcome.REJECTED, "HTTP 400");
        assertOutcome(() -> new AutotaskContractUnits(client("NOT-THE-CODE", USER, SECRET)).adjust(LINE,
                LocalDate.of(2026, 4, 1), BigDecimal.ONE), Outcome.MISCONFIGURED, "AUTOTASK_INTEGRATION_CODE");
        assertOutcome(() -> new AutotaskContractUnits(client(CODE, USER, "not-the-secret")).adjust(LINE,
                LocalDate.of(2026, 4, 1), BigDecimal.ONE), Outcome.MISCONFIGURED, "AUTOTASK_SECRET");
        assertOutcome(() -> new AutotaskDirectory(client(CODE, "nobody@msp.example", SECRET)).companies(),
                Outcome.MISCONFIGURED, "AUTOTASK_USERNAME");
        assertOutcome(() -> new AutotaskContractUnits(client(CODE, USER, "not-the-secret")).beforeDelivery(),
                Outcome.MISCONFIGURED, "AUTOTASK_SECRET"); // the threshold read refused: the run stops there

        List<Exchange> exchanges = wire.exchanges();
        assertThat(exchanges.stream().flatMap(e -> document.problems(e).stream()))
                .as("requests and answers not matching the Autotask Swagger subset, of " + exchanges.size()).isEmpty();
        assertThat(new TreeSet<>(exchanges.stream().map(document::operationOf).filter(Objects::nonNull).toList()))
                .containsExactly("GET /V1.0/ThresholdInformation", "GET /V1.0/ZoneInformation", "POST /V1.0/Companies/query",
                        "POST /V1.0/ContractServiceAdjustments", "POST /V1.0/ContractServiceUnits/query",
                        "POST /V1.0/Contracts/query");
        assertThat(exchanges).as("next pages").anyMatch(e -> e.uri().getPath().endsWith("/query/next"));
        assertThat(new TreeSet<>(exchanges.stream().map(Exchange::status).toList()))
                .containsExactly(200, 400, 401, 429, 500, 503);
    }

    @Test
    void theDocumentStillRefusesWhatItDoesNotDescribe() {
        assertThat(document.problems(query("{\"MaxRecords\":500,\"IncludeFields\":[\"units\"],\"filter\":[]}",
                page("{\"id\":1,\"units\":2}")))).as("the same exchange, valid").isEmpty();
        // requests: an unknown field, a wrong type; answers: fractional units, an int32 overflow, an unknown property
        assertThat(document.problems(query("{\"MaxRecords\":500,\"IncludeFields\":[\"serviceLineID\"],"
                + "\"filter\":[{\"op\":\"gt\",\"field\":\"id\",\"value\":0}]}", page("{\"id\":1}"))))
                .anyMatch(p -> p.contains("serviceLineID"));
        assertThat(document.problems(query("{\"MaxRecords\":\"500\",\"filter\":[]}", page("{\"id\":1}"))))
                .anyMatch(p -> p.contains("MaxRecords"));
        assertThat(document.problems(query("{\"filter\":[]}", page("{\"id\":1,\"units\":2.5}"))))
                .anyMatch(p -> p.contains("Units"));
        assertThat(document.problems(query("{\"filter\":[]}", page("{\"id\":1,\"contractID\":9999999999}"))))
                .anyMatch(p -> p.contains("int32"));
        assertThat(document.problems(query("{\"filter\":[]}", page("{\"id\":1,\"unitCount\":3}"))))
                .anyMatch(p -> p.contains("unitCount"));
    }

    private static Exchange query(String body, String answer) {
        Map<String, List<String>> auth = Map.of("ApiIntegrationCode", List.of(CODE), "UserName", List.of(USER),
                "Secret", List.of(SECRET), "Content-Type", List.of("application/json"));
        return new Exchange("POST", URI.create("http://127.0.0.1/atservicesrest/v1.0/ContractServiceUnits/query"),
                auth, body, 200, Map.of("Content-Type", List.of("application/json")), answer);
    }

    private static String page(String item) {
        return "{\"items\":[" + item + "],\"pageDetails\":{\"count\":1,\"requestCount\":500,\"prevPageUrl\":null,"
                + "\"nextPageUrl\":null}}";
    }

    private AutotaskClient client(String code, String user, String secret) {
        return new AutotaskClient(URI.create(wire.origin() + "/atservicesrest"), new AutotaskCredentials(code, user, secret),
                TIMEOUT, fastHttp(TIMEOUT));
    }
}
