package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.LogCapture;
import io.usagebilling.support.Sql;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /callbacks/{module} over real HTTP: each refusal gets its status and stores nothing. */
class CallbackIntakeTest {

    private static final String SECRET = "vulscan-secret";
    private static final String BATCH = """
            {"records":[
              {"recordId":"r1","orgId":"acme-1","orgName":"Acme Dental","billingType":"ip-addresses","quantity":254,"usageDate":"2026-09-14"},
              {"recordId":"r2","orgId":"birch","orgName":"Birch & Sons","billingType":"ip-addresses","quantity":32,"usageDate":"2026-09-14"},
              {"recordId":"r3","orgId":"birch","billingType":"seats","quantity":3,"usageDate":"2026-09-14"}
            ]}""";

    private static BillingFixture fixture;
    private static BillingApp app;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fixture = new BillingFixture().withHttpServer()
                .with("billing.mappings-dir", "src/test/resources/callback-mappings")
                .with("callbacks.max-body-bytes", "4096")
                .with("callbacks.vulscan.secret", SECRET)
                .with("callbacks.darkweb-id.secret", "darkweb-secret")
                .with("billing.usage-totals.fold-ms", "3600000"); // pages' sums left pending: the sync folds them
        app = fixture.start();
        base = fixture.baseUrl() + "/callbacks/";
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        sql(Sql.EMPTY_USAGE + " DELETE FROM usage_correction; DELETE FROM quarantine; DELETE FROM callback_signature;"
                + " DELETE FROM organization");
    }

    @Test
    void aValidBatchIsStoredAndSendingItAgainStoresNothingTwice() throws Exception {
        long ts = now();
        HttpResponse<String> first = post("vulscan", BATCH, SECRET, ts);
        HttpResponse<String> again = post("vulscan", BATCH, SECRET, ts - 1); // a new signature, same records

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"accepted\":2,\"duplicate\":0,\"corrected\":0,\"quarantined\":1}");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo("{\"accepted\":0,\"duplicate\":2,\"corrected\":0,\"quarantined\":1}");
        assertThat(rows("SELECT concat_ws('|', module_id, org_id, org_name, billing_type, quantity::int, usage_date) "
                + "FROM usage_record ORDER BY org_id")).containsExactly(
                "vulscan|acme-1|Acme Dental|ip-addresses|254|2026-09-14", "vulscan|birch|Birch & Sons|ip-addresses|32|2026-09-14");
        assertThat(rows("SELECT reason FROM quarantine")).containsExactly(
                "billing type 'seats' is not one of vulscan's [ip-addresses]");
    }

    @Test
    void pushedUsageIsTheDaysQuantityUnlessItsModuleIsDisabledForBilling() throws Exception {
        String darkweb = "{\"records\":[{\"orgId\":\"acme-dw\",\"billingType\":\"domains\",\"assetId\":\"acme.example\","
                + "\"quantity\":1,\"usageDate\":\"2026-09-14\"}]}";
        assertThat(post("vulscan", BATCH, SECRET, now()).statusCode()).isEqualTo(202);
        assertThat(post("darkweb-id", darkweb, "darkweb-secret", now()).statusCode()).isEqualTo(202);

        app.syncDay(LocalDate.of(2026, 9, 14));

        assertThat(rows("SELECT service_id || '=' || quantity::int FROM daily_quantity WHERE usage_date = '2026-09-14'"))
                .as("vulscan's line only: darkweb-id is disabled for billing").containsExactly("700=254");
        assertThat(rows("SELECT module_id || '/' || org_id FROM organization ORDER BY 1"))
                .as("the disabled module's organization is still discovered")
                .containsExactly("darkweb-id/acme-dw", "vulscan/acme-1", "vulscan/birch");
    }

    @Test
    void wrongSecretIs401AndStoresNothing() throws Exception {
        assertRefused(post("vulscan", BATCH, "guessed", now()), 401, "signature does not match");
    }

    @Test
    void staleTimestampIs401() throws Exception {
        assertRefused(post("vulscan", BATCH, SECRET, now() - 301), 401, "timestamp is more than 5 minutes from now");
    }

    @Test
    void aReplayedRequestIs401AndStoresNothingMore() throws Exception {
        long ts = now();
        assertThat(post("vulscan", BATCH, SECRET, ts).statusCode()).isEqualTo(202);
        sql("DELETE FROM usage_record; DELETE FROM quarantine"); // what the replay would store, if it were let in
        assertRefused(post("vulscan", BATCH, SECRET, ts), 401, "signature was already used");
        String upper = CallbackSignature.sign(SECRET, String.valueOf(ts), BATCH.getBytes(StandardCharsets.UTF_8)).toUpperCase();
        HttpResponse<String> sameInCapitals = send(HttpRequest.newBuilder(URI.create(base + "vulscan"))
                .header("Content-Type", "application/json").header("X-Usage-Timestamp", String.valueOf(ts))
                .header("X-Usage-Signature", upper).POST(HttpRequest.BodyPublishers.ofString(BATCH)).build());
        assertRefused(sameInCapitals, 401, "signature was already used");
    }

    /** Reported: an unsigned request with an absurd timestamp was a 500 with a stack trace: a log flood without a secret. */
    @Test
    void anAbsurdTimestampIs401NotAServerError() throws Exception {
        for (String ts : List.of("9223372036854775807", "-9223372036854775808", "31556889864403200")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "vulscan"))
                    .header("X-Usage-Timestamp", ts).header("X-Usage-Signature", "00")
                    .POST(HttpRequest.BodyPublishers.ofString(BATCH)).build());
            assertRefused(response, 401, "timestamp is more than 5 minutes from now");
        }
    }

    @Test
    void missingSignatureIs401() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "vulscan"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BATCH)).build());
        assertRefused(response, 401, "missing signature or timestamp header");
    }

    @Test
    void queryParametersCannotSignNorChooseTheModule() throws Exception {
        long ts = now();
        String signature = CallbackSignature.sign(SECRET, String.valueOf(ts), BATCH.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> inQuery = send(HttpRequest.newBuilder(URI.create(base + "vulscan?X-Usage-Timestamp=" + ts
                        + "&X-Usage-Signature=" + signature))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BATCH)).build());
        assertRefused(inQuery, 401, "");

        HttpResponse<String> otherModule = send(signed(base + "darkweb-id?module=vulscan", BATCH, SECRET, now()));
        assertRefused(otherModule, 401, "signature does not match");
    }

    @Test
    void aFormOrTextBodyIsRefusedNotAServerError() throws Exception {
        for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"}) {
            long ts = now();
            byte[] body = "records=1&orgId=acme".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "vulscan"))
                    .header("Content-Type", type)
                    .header("X-Usage-Timestamp", String.valueOf(ts))
                    .header("X-Usage-Signature", CallbackSignature.sign(SECRET, String.valueOf(ts), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertThat(response.statusCode()).as(type).isIn(400, 401);
            assertNothingStored();
        }
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = BATCH.replace("\"r1\"", "\"" + "x".repeat(5000) + "\"");
        HttpResponse<String> response = post("vulscan", big, SECRET, now());
        assertThat(response.statusCode()).isEqualTo(413);
        assertNothingStored();
    }

    /** Past the HTTP server's own limit, unsigned: one warning line and a JSON reason, not an ERROR per request. */
    @Test
    void aBodyPastTheServersLimitIsOneWarning() throws Exception {
        String huge = "x".repeat(3 * 1024 * 1024);
        try (LogCapture log = LogCapture.of(Level.WARN)) {
            HttpResponse<String> response = post("vulscan", huge, "no-secret", now());

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("\"error\"").contains("bytes");
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR"))
                    .filteredOn(line -> line.contains("413") || line.contains("larger")).hasSize(1);
        }
        assertNothingStored();
    }

    @Test
    void malformedJsonIs400WithTheReason() throws Exception {
        assertRefused(post("vulscan", "{\"records\":[{\"orgId\":", SECRET, now()), 400, "page is not valid JSON");
        assertRefused(post("vulscan", "{\"rows\":[]}", SECRET, now()), 400, "page has no \\\"records\\\" array");
        assertRefused(post("vulscan", "{\"records\":[]}\n\u0001", SECRET, now()), 400, "page is not valid JSON");
    }

    /** Reported: a second organization's record with the same id was dropped as a duplicate; a correction stayed 10. */
    @Test
    void theKeyIncludesTheOrganizationAndADifferentQuantityIsACorrection() throws Exception {
        String two = """
                {"records":[
                  {"recordId":"scan-1","orgId":"acme-1","billingType":"ip-addresses","quantity":10,"usageDate":"2026-09-14"},
                  {"recordId":"scan-1","orgId":"birch","billingType":"ip-addresses","quantity":7,"usageDate":"2026-09-14"}
                ]}""";
        long ts = now(); // one clock reading: now() and now() - 1 a second apart would sign alike
        HttpResponse<String> first = post("vulscan", two, SECRET, ts);
        HttpResponse<String> same = post("vulscan", two, SECRET, ts - 1);
        HttpResponse<String> corrected = post("vulscan", two.replace("\"quantity\":10", "\"quantity\":12"), SECRET, ts - 2);

        assertThat(first.body()).isEqualTo("{\"accepted\":2,\"duplicate\":0,\"corrected\":0,\"quarantined\":0}");
        assertThat(same.body()).isEqualTo("{\"accepted\":0,\"duplicate\":2,\"corrected\":0,\"quarantined\":0}");
        assertThat(corrected.body()).isEqualTo("{\"accepted\":0,\"duplicate\":1,\"corrected\":1,\"quarantined\":0}");
        assertThat(rows("SELECT org_id || '=' || quantity::int FROM usage_record ORDER BY org_id"))
                .containsExactly("acme-1=12", "birch=7");
        assertThat(rows("SELECT org_id || ' ' || quantity_before::int || ' -> ' || quantity_after::int FROM usage_correction"))
                .containsExactly("acme-1 10 -> 12");
    }

    /**
     * A page pushed after its day was synced, by an organization mapped since over the API: its sums
     * still pending (not yet folded into the day totals), the next sync finds the day and bills it.
     */
    @Test
    void aLatePageOfAnOrganizationMappedSinceIsBilledOnItsDayBeforeItsSumsAreFolded() throws Exception {
        assertThat(post("vulscan", record("a20", "acme-1", 254, "2026-09-20"), SECRET, now()).statusCode()).isEqualTo(202);
        app.syncDay(LocalDate.of(2026, 9, 20));
        assertThat(post("vulscan", record("b20", "birch", 32, "2026-09-20"), SECRET, now()).statusCode()).isEqualTo(202);
        String token = app.bean(ApiTokens.class).create("billing", true, List.of());
        HttpResponse<String> mapped = send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + "/api/org-mappings"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"module\":\"vulscan\",\"org\":\"birch\",\"company\":1}")).build());
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(201);
        assertThat(post("vulscan", record("a21", "acme-1", 254, "2026-09-21"), SECRET, now()).statusCode()).isEqualTo(202);
        assertThat(rows("SELECT org_id FROM usage_total_pending WHERE usage_date = '2026-09-20'")).containsExactly("birch");

        app.syncDay(LocalDate.of(2026, 9, 21));

        assertThat(rows("SELECT usage_date || '=' || quantity::int FROM daily_quantity WHERE service_id = 700"
                + " AND usage_date IN ('2026-09-20', '2026-09-21') ORDER BY usage_date"))
                .containsExactly("2026-09-20=286", "2026-09-21=254");
    }

    private static String record(String id, String org, int quantity, String day) {
        return "{\"records\":[{\"recordId\":\"" + id + "\",\"orgId\":\"" + org + "\",\"billingType\":\"ip-addresses\","
                + "\"quantity\":" + quantity + ",\"usageDate\":\"" + day + "\"}]}";
    }

    /** Reported: a failed callback burned its signature, so the module's identical retry was refused. */
    @Test
    void aRefusedOrFailedBatchDoesNotBurnItsSignature() throws Exception {
        long ts = now();
        assertRefused(post("vulscan", "{\"records\":[{\"orgId\":", SECRET, ts), 400, "page is not valid JSON");
        assertRefused(post("vulscan", "{\"records\":[{\"orgId\":", SECRET, ts), 400, "page is not valid JSON");

        String nul = BATCH.replace("\"orgId\":\"birch\",\"orgName\"", "\"orgId\":\"bi\\u0000rch\",\"orgName\"");
        HttpResponse<String> first = post("vulscan", nul, SECRET, ts);
        HttpResponse<String> again = post("vulscan", nul, SECRET, ts);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"accepted\":1,\"duplicate\":0,\"corrected\":0,\"quarantined\":2}");
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(rows("SELECT reason FROM quarantine ORDER BY reason")).containsExactly(
                "billing type 'seats' is not one of vulscan's [ip-addresses]", "orgId holds a NUL character");
    }

    /** Found trying the service as an attacker would: a complete day PostgreSQL cannot hold was a 500. */
    @Test
    void aCompleteDayBeforeAnyUsageIs400NamingItAndMarksNothing() throws Exception {
        for (String day : List.of("-4714-11-24", "0001-01-01", "1999-12-31")) {
            assertRefused(post("vulscan", "{\"records\":[],\"completeDays\":[\"" + day + "\"]}", SECRET, now()), 400,
                    "completeDays: " + day + " is before 2000-01-01, the earliest usage day");
        }
        assertThat(rows("SELECT usage_date::text FROM pushed_day WHERE usage_date < '2000-01-01'")).isEmpty();
    }

    @Test
    void unknownOrNonCallbackModuleIs404() throws Exception {
        assertRefused(post("no-such-module", BATCH, SECRET, now()), 404, "no callback module here");
        assertRefused(post("datto-rmm", BATCH, SECRET, now()), 404, "no callback module here");
    }

    private void assertRefused(HttpResponse<String> response, int status, String reason) throws SQLException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).startsWith("{\"error\":").contains(reason);
        assertNothingStored();
    }

    private void assertNothingStored() throws SQLException {
        assertThat(rows("SELECT module_id FROM usage_record UNION ALL SELECT module_id FROM quarantine")).isEmpty();
    }

    private HttpResponse<String> post(String module, String body, String secret, long timestamp) throws Exception {
        return send(signed(base + module, body, secret, timestamp));
    }

    private static HttpRequest signed(String url, String body, String secret, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-Usage-Timestamp", String.valueOf(timestamp))
                .header("X-Usage-Signature", CallbackSignature.sign(secret, String.valueOf(timestamp), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static void sql(String statements) throws SQLException {
        Sql.execute(fixture.dataSource(), statements);
    }

    private static List<String> rows(String query) throws SQLException {
        return Sql.rows(fixture.dataSource(), query);
    }
}
