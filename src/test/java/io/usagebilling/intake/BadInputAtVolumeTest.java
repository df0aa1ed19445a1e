package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.UsageApiSimulator.Auth;
import io.usagebilling.sim.UsageApiSimulator.Paging;
import io.usagebilling.sim.UsageApiSimulator;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import io.usagebilling.support.Sql;
import io.usagebilling.sync.SyncSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Bad input at volume through every source kind of the running application: polled pages over HTTP,
 * signed callbacks over HTTP, CSV files dropped in a folder. Batches of up to 150 records mix valid
 * ones with malformed, truncated, oversized, wrong-typed, negative, far-future-dated and duplicated
 * ones, ids holding a NUL or a lone UTF-16 surrogate, and dates before 2000 or beyond PostgreSQL's: every
 * bad record is quarantined with a reason, every valid one is stored once, a duplicate is neither, and
 * nothing answers 500 or stops a sync.
 */
class BadInputAtVolumeTest {

    /** What a generated record is; {@code variant} picks the way it is bad and its quantity. */
    enum Kind { VALID, WRONG_TYPE, MISSING_FIELD, TRUNCATED, OVERSIZED, NEGATIVE, FAR_FUTURE, DUPLICATE, NUL_ID, LONE_SURROGATE,
        ANCIENT_DATE }

    record Case(Kind kind, int variant) {}

    /** A batch as one source kind writes it, and what must become of it. */
    record Batch(String prefix, List<String> records, int valid, int duplicates, int bad) {}

    private static final LocalDate POLL_DAY = LocalDate.of(2026, 9, 28);
    private static final ZoneId TENANT = ZoneId.of("America/New_York"); // billing.time-zone's default
    private static final String SECRET = "bad-input-secret";
    private static final AtomicInteger BATCHES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * Each try is a whole batch through the running application (about a quarter of a second), so a failing
     * batch gets 100 of QuickTheories' shrink cycles (not its 100 per try) before its records are taken out
     * in runs while it still fails ({@link Properties#checkList}).
     */
    private static final int SHRINK_CYCLES = 100;

    private static UsageApiSimulator pages;
    private static BillingFixture fixture;
    private static BillingApp app;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        pages = UsageApiSimulator.start(Paging.PAGE_NUMBER, Auth.BASIC, "billing", "pw-2", 50);
        fixture = new BillingFixture()
                .with("billing.mappings-dir", "src/test/resources/bad-input-mappings")
                .with("camel.main.routes-include-pattern",
                        "file:routes/**/*.camel.yaml,file:src/test/resources/poll-routes/pages-module-source.camel.yaml")
                .with("modules.pages-module.base-url", pages.baseUrl())
                .with("modules.pages-module.password", "pw-2")
                .withHttpServer() // its port chosen after the simulators took theirs
                .with("callbacks.max-body-bytes", "262144")
                .with("callbacks.vulscan.secret", SECRET)
                .with("billing.drop-poll-ms", "100");
        app = fixture.start();
        base = fixture.baseUrl();
    }

    @AfterAll
    static void stop() {
        fixture.close();
        pages.close();
    }

    @Test
    void polledPages() {
        Properties.checkList(Properties.qt(12).withShrinkCycles(SHRINK_CYCLES), cases(), "record", Properties.unchecked(cases -> {
            Batch batch = batch(cases, "p", BadInputAtVolumeTest::pageItem);
            pages.setRawItems(batch.records());

            SyncSummary summary = app.syncDay(POLL_DAY);

            assertThat(summary.failedModules()).isEmpty();
            assertOutcome("pages-module", batch);
        }));
    }

    @Test
    void signedCallbacks() {
        Properties.checkList(Properties.qt(12).withShrinkCycles(SHRINK_CYCLES), cases(), "record", Properties.unchecked(cases -> {
            Batch batch = batch(cases, "c", BadInputAtVolumeTest::callbackRecord);

            HttpResponse<String> response = callback("{\"records\":[" + String.join(",", batch.records()) + "]}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(response.body()).isEqualTo("{\"accepted\":" + batch.valid() + ",\"duplicate\":" + batch.duplicates()
                    + ",\"corrected\":0,\"quarantined\":" + batch.bad() + "}");
            assertOutcome("vulscan", batch);
        }));
    }

    @Test
    void csvDrops() {
        Properties.checkList(Properties.qt(12).withShrinkCycles(SHRINK_CYCLES), cases(), "record", Properties.unchecked(cases -> {
            Batch batch = batch(cases, "f", BadInputAtVolumeTest::csvRow);
            String name = batch.prefix().replace(":", "") + ".csv";

            Path done = drop(name, "siteId,siteName,machine,usedGb,date\n" + String.join("\n", batch.records()) + "\n");

            assertThat(done).as("moved to done/").exists();
            Path rejected = done.resolveSibling(name + ".rejected.csv");
            assertThat(batch.bad() == 0 ? 0 : Files.readAllLines(rejected).size() - 1).as("rejected rows, each with its reason")
                    .isEqualTo(batch.bad());
            assertOutcome("kaseya-online-backup", batch);
        }));
    }

    @Test
    void aTruncatedPageIsQuarantinedWholeAndOnlyItsModuleFails() throws Exception {
        pages.setRawItems(List.of(pageItem("tp:1", new Case(Kind.VALID, 3)), "{\"tenant\":{\"id\":\"o-trunc"));

        SyncSummary summary = app.syncDay(POLL_DAY);

        assertThat(summary.failedModules()).singleElement().asString().startsWith("pages-module: ");
        assertThat(rows("SELECT reason FROM quarantine WHERE strpos(payload, 'o-trunc') > 0"))
                .singleElement().asString().startsWith("unreadable page: ");
    }

    @Test
    void aTruncatedOrOversizedCallbackIsRefusedWithAReasonAndStoresNothing() throws Exception {
        String valid = callbackRecord("tc:1", new Case(Kind.VALID, 1));
        HttpResponse<String> truncated = callback("{\"records\":[" + valid + ",{\"recordId\":\"tc:2\",\"orgId");
        HttpResponse<String> oversized = callback("{\"records\":[" + (valid + ",").repeat(3000) + valid + "]}");

        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(truncated.body()).contains("\"error\"");
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(rows("SELECT count(*) FROM usage_record WHERE starts_with(source_record_id, 'tc:')")).containsExactly("0");
    }

    @Test
    void aCsvFileCutMidRowStoresItsWholeRowsAndRejectsTheCutOne() throws Exception {
        String day = LocalDate.now(TENANT).minusDays(1).toString();
        Path done = drop("cut.csv", "siteId,siteName,machine,usedGb,date\ns-1,Site,tf:1,4," + day + "\ns-2,Site,tf:2,1");

        assertThat(Files.readAllLines(done.resolveSibling("cut.csv.rejected.csv")))
                .containsExactly("line,reason", "3,\"row has 4 cells, the header 5\"");
        assertThat(rows("SELECT source_record_id FROM usage_record WHERE starts_with(source_record_id, 'tf:')"))
                .containsExactly("tf:1");
    }

    private static Gen<List<Case>> cases() {
        Gen<Kind> kinds = Gens.frequency(
                Pair.of(8, just(Kind.VALID)), Pair.of(1, just(Kind.WRONG_TYPE)),
                Pair.of(1, just(Kind.MISSING_FIELD)), Pair.of(1, just(Kind.TRUNCATED)),
                Pair.of(1, just(Kind.OVERSIZED)), Pair.of(1, just(Kind.NEGATIVE)),
                Pair.of(1, just(Kind.FAR_FUTURE)), Pair.of(2, just(Kind.DUPLICATE)), Pair.of(1, just(Kind.NUL_ID)),
                Pair.of(1, just(Kind.LONE_SURROGATE)), Pair.of(1, just(Kind.ANCIENT_DATE)));
        return Gens.lists(kinds.zip(Gens.ints(0, 999), Case::new), 1, 150);
    }

    private static Gen<Kind> just(Kind kind) {
        return Generate.constant(kind);
    }

    /** Renders the cases with ids unique to this batch; a duplicate repeats the last valid record (or is one). */
    private static Batch batch(List<Case> cases, String kind, BiFunction<String, Case, String> render) {
        String prefix = kind + BATCHES.incrementAndGet() + ":";
        List<String> records = new ArrayList<>();
        String lastValid = null;
        int valid = 0;
        int duplicates = 0;
        int bad = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (c.kind() == Kind.DUPLICATE && lastValid != null) {
                records.add(lastValid);
                duplicates++;
                continue;
            }
            Case own = c.kind() == Kind.DUPLICATE ? new Case(Kind.VALID, c.variant()) : c;
            String record = render.apply(prefix + i, own);
            records.add(record);
            if (own.kind() == Kind.VALID) {
                lastValid = record;
                valid++;
            } else {
                bad++;
            }
        }
        return new Batch(prefix, records, valid, duplicates, bad);
    }

    /** Every valid record stored once, every bad one quarantined with a reason, found by the batch's ids. */
    private static void assertOutcome(String module, Batch batch) throws Exception {
        assertThat(rows("SELECT count(*) FROM usage_record WHERE module_id = '" + module
                + "' AND starts_with(source_record_id, '" + batch.prefix() + "')")).containsExactly(String.valueOf(batch.valid()));
        List<String> reasons = rows("SELECT reason FROM quarantine WHERE module_id = '" + module
                + "' AND strpos(payload, '" + batch.prefix() + "') > 0");
        assertThat(reasons).hasSize(batch.bad()).allSatisfy(reason -> assertThat(reason).isNotBlank());
    }

    /** A pages-module item (routes: poll-routes/pages-module-source): whole units, its own date. */
    private static String pageItem(String id, Case c) {
        String tenant = "{\"id\":\"org-" + id + "\",\"name\":\"Org " + id + "\"}";
        String quantity = String.valueOf(c.variant() % 20);
        String date = "\"" + POLL_DAY + "\"";
        switch (c.kind()) {
            case WRONG_TYPE -> quantity = List.of("\"lots\"", "true", "[1]", "{\"n\":1}", "1.5").get(c.variant() % 5);
            case MISSING_FIELD -> {
                return "{\"tenant\":{\"name\":\"Org\"},\"sku\":\"x\",\"quantity\":1,\"assetId\":\"" + id + "\",\"date\":" + date + "}";
            }
            case TRUNCATED -> {
                return "{\"tenant\":" + tenant + ",\"assetId\":\"" + id + "\"}";
            }
            case OVERSIZED -> tenant = "{\"id\":\"" + "o".repeat(201 + c.variant()) + "\"}";
            case NEGATIVE -> quantity = "-" + (1 + c.variant());
            case FAR_FUTURE -> date = "\"" + POLL_DAY.plusDays(2 + c.variant() * 37L) + "\"";
            case NUL_ID -> tenant = "{\"id\":\"org-\\u0000" + id + "\"}";
            case LONE_SURROGATE -> tenant = "{\"id\":\"org-\\uD800" + id + "\"}";
            case ANCIENT_DATE -> date = c.variant() % 2 == 0 ? "\"-4800-01-01\"" : "\"1999-12-31\"";
            default -> { }
        }
        return "{\"tenant\":" + tenant + ",\"sku\":\"x\",\"quantity\":" + quantity + ",\"assetId\":\"" + id + "\",\"date\":" + date + "}";
    }

    /** A vulscan callback record: any quantity up to 10^9, the record's own date. */
    private static String callbackRecord(String id, Case c) {
        LocalDate today = LocalDate.now(TENANT);
        String orgId = "\"org-" + id + "\"";
        String quantity = String.valueOf(c.variant() % 300);
        String date = "\"" + today.minusDays(1) + "\"";
        switch (c.kind()) {
            case WRONG_TYPE -> quantity = List.of("\"lots\"", "true", "[1]", "{}").get(c.variant() % 4);
            case MISSING_FIELD -> orgId = null;
            case TRUNCATED -> quantity = null;
            case OVERSIZED -> quantity = "1" + "0".repeat(10 + c.variant() % 20);
            case NEGATIVE -> quantity = "-" + (1 + c.variant()) + ".5";
            case FAR_FUTURE -> date = "\"" + today.plusDays(3 + c.variant() * 37L) + "\"";
            case NUL_ID -> orgId = "\"org-\\u0000" + id + "\"";
            case LONE_SURROGATE -> orgId = "\"org-\\uDC00" + id + "\"";
            case ANCIENT_DATE -> date = c.variant() % 2 == 0 ? "\"-4800-01-01\"" : "\"1999-12-31\"";
            default -> { }
        }
        return "{\"recordId\":\"" + id + "\"" + (orgId == null ? "" : ",\"orgId\":" + orgId) + ",\"orgName\":\"Org\""
                + ",\"billingType\":\"ip-addresses\"" + (quantity == null ? "" : ",\"quantity\":" + quantity)
                + ",\"usageDate\":" + date + "}";
    }

    /** A kaseya-online-backup row: siteId,siteName,machine,usedGb,date (machine is the record's id). */
    private static String csvRow(String id, Case c) {
        LocalDate today = LocalDate.now(TENANT);
        String site = "s-" + id;
        String quantity = (c.variant() % 500) + "." + (c.variant() % 10);
        String date = today.minusDays(1).toString();
        switch (c.kind()) {
            case WRONG_TYPE -> quantity = List.of("twelve", "true", "1.2.3", "0x1F").get(c.variant() % 4);
            case MISSING_FIELD -> quantity = "";
            case TRUNCATED -> {
                return site + ",Site," + id;
            }
            case OVERSIZED -> site = "s".repeat(201 + c.variant());
            case NEGATIVE -> quantity = "-" + (1 + c.variant());
            case FAR_FUTURE -> date = today.plusDays(3 + c.variant() * 37L).toString();
            case NUL_ID -> site = "s-\u0000" + id;
            case LONE_SURROGATE -> { // no UTF-8 file can hold one: a NUL in the machine (the record's id) instead
                return site + ",Site " + id + "," + id + "\u0000," + quantity + "," + date;
            }
            case ANCIENT_DATE -> date = c.variant() % 2 == 0 ? "-4800-01-01" : "1999-12-31";
            default -> { }
        }
        return site + ",Site " + id + "," + id + "," + quantity + "," + date;
    }

    private static HttpResponse<String> callback(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/callbacks/vulscan"))
                .header("Content-Type", "application/json")
                .header(CallbackSignature.TIMESTAMP_HEADER, timestamp)
                .header(CallbackSignature.SIGNATURE_HEADER, CallbackSignature.sign(SECRET, timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Written under another name and renamed, as the drop folder asks; returns the file once in done/. */
    private static Path drop(String name, String content) throws Exception {
        Path folder = fixture.dropDir.resolve("kaseya-online-backup");
        Files.createDirectories(folder);
        Path partial = folder.resolve(name + ".part");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, folder.resolve(name));
        Path done = folder.resolve("done").resolve(name);
        for (int i = 0; i < 200 && !Files.exists(done); i++) {
            Thread.sleep(50);
        }
        Thread.sleep(100); // the rejected-rows sidecar is written beside it
        return done;
    }

    private static List<String> rows(String sql) throws Exception {
        return Sql.rows(fixture.dataSource(), sql);
    }
}
