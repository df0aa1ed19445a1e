package io.usagebilling.sim.bench;

import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.demo.Demo;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.store.Jdbc;
import io.usagebilling.sync.DailyQuantities;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/usage-billing bench --reports}: the console's read calls over HTTP against a store of N
 * usage records (default 10 million, {@link ReportsWorld}) as the service's REST API answers them; per
 * endpoint the median and the 99th percentile of its calls after unmeasured ones, then the worst median.
 */
public final class ReportsBench {

    private static final int WARMUP = 3;
    private static final int CALLS = 20;
    private static final int LEAST_CALLS = 3;
    /** An endpoint slower than this in all (minutes at 10 million records before the totals) gets fewer calls. */
    private static final long BUDGET_NANOS = 30_000_000_000L;

    private ReportsBench() {}

    /**
     * Writes the store of {@code records} (unless {@code reuse} and the store, named by BILLING_DB_URL,
     * already holds the world's runs up to yesterday) and measures the console's read calls over it.
     */
    public static int run(int records, boolean reuse, Map<String, String> overrides, PrintStream out) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ReportsWorld world = new ReportsWorld(records);
        Path work = Files.createTempDirectory("usage-billing-reports-bench");
        try (AutotaskSimulator psa = BenchPsa.start()) {
            world.writeMappings(work.resolve("mappings"));
            int port = Demo.freePort();
            try (BillingApp app = BillingApp.start(settings(overrides, work, psa, port))) {
                LocalDate lastDay = app.calendar().yesterday();
                world.seed(psa, lastDay.minusDays(ReportsWorld.DAYS - 1));
                long start = System.nanoTime();
                Jdbc jdbc = new Jdbc(app.dataSource());
                List<Long> runs = world.runs(jdbc, lastDay);
                if (!reuse || runs.size() < ReportsWorld.DAYS) {
                    runs = fill(world, app, jdbc, lastDay);
                }
                long stored = jdbc.queryLong("SELECT count(*) FROM usage_record");
                out.printf(Locale.ROOT, "store: records=%d days=%d seconds=%.1f%n", stored, runs.size(),
                        (System.nanoTime() - start) / 1e9);
                jdbc.update("DELETE FROM api_token WHERE name = 'reports-bench'"); // an earlier run's, over a store measured again
                String token = new ApiTokens(app.dataSource()).create("reports-bench", true, List.of());
                double worst = 0;
                for (String path : paths(world, lastDay, runs.get(runs.size() - 1))) {
                    worst = Math.max(worst, measure("http://127.0.0.1:" + port + path, token, out));
                }
                out.printf(Locale.ROOT, "reports: records=%d unmapped_orgs=%d worst_p50_ms=%.1f%n", stored,
                        jdbc.queryLong("""
                                SELECT count(*) FROM organization o WHERE NOT EXISTS (SELECT 1 FROM org_mapping m
                                    WHERE m.module_id = o.module_id AND m.org_id = o.org_id)"""), worst);
                return 0;
            }
        } finally {
            Demo.deleteRecursively(work);
        }
    }

    private static List<Long> fill(ReportsWorld world, BillingApp app, Jdbc jdbc, LocalDate lastDay) {
        List<Long> runs = world.fill(app.dataSource(), lastDay);
        DailyQuantities quantities = app.bean(DailyQuantities.class);
        for (int day = 0; day < runs.size(); day++) {
            quantities.compute(runs.get(day), lastDay.minusDays(runs.size() - 1 - day));
        }
        // every seal rewrites its organizations' month and history rows: in service autovacuum frees them
        // between nights and the next night reuses the room; written in minutes, 75 nights' rows would
        // fill files the reports scan, which a plain VACUUM frees but does not shrink
        jdbc.update("VACUUM FULL usage_day_total, usage_month_total, usage_org_total, usage_type_total");
        jdbc.update("ANALYZE");
        return runs;
    }

    /**
     * The console's read calls, view by view: Today, Usage, Reconciliation, Mapping (the report's first
     * page as the API gives it, a search and the last page as the view asks for them, the bulk accept's
     * preview), Invoices, Quarantine.
     */
    private static List<String> paths(ReportsWorld world, LocalDate lastDay, long lastRun) {
        String company = String.valueOf(world.company(1));
        String month = YearMonth.from(lastDay).minusMonths(1).toString();
        return List.of("/api/syncs?limit=20", "/api/syncs/" + lastRun,
                "/api/units?company=" + company + "&days=30",
                "/api/usage/chart?company=" + company + "&days=30",
                "/api/plans?status=held", "/api/companies", "/api/modules", "/api/organizations",
                "/api/organizations?unmapped=true&limit=500", "/api/unmapped",
                "/api/unmapped?limit=25&q=client%2012", "/api/unmapped?limit=25&offset=" + Math.max(0, world.unmappedOrganizations() - 25),
                "/api/mapped-without-service-line?limit=25", "/api/org-mappings/accept-suggestions/preview?minScore=0.95",
                "/api/months", "/api/invoices?month=" + month, "/api/invoice-lines?month=" + month, "/api/quarantine");
    }

    /**
     * Prints the endpoint's p50 and p99 in milliseconds over up to {@link #CALLS} calls after up to
     * {@link #WARMUP} unmeasured ones: fewer, at least {@link #LEAST_CALLS}, when they take longer than
     * {@link #BUDGET_NANOS} together, and only the first when it alone took longer. Returns its p50.
     */
    private static double measure(String url, String token, PrintStream out) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(10)).GET().build();
        List<Double> millis = new ArrayList<>();
        long warm = System.nanoTime();
        long bytes = call(client, request);
        boolean once = System.nanoTime() - warm > BUDGET_NANOS;
        if (once) {
            millis.add((System.nanoTime() - warm) / 1e6); // over the budget alone: its one call is its figure
        }
        for (int i = 1; i < WARMUP && !once && System.nanoTime() - warm < BUDGET_NANOS / 3; i++) {
            call(client, request);
        }
        long begin = System.nanoTime();
        while (!once && millis.size() < CALLS && (millis.size() < LEAST_CALLS || System.nanoTime() - begin < BUDGET_NANOS)) {
            long start = System.nanoTime();
            call(client, request);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        int n = millis.size();
        double p50 = (millis.get((n - 1) / 2) + millis.get(n / 2)) / 2;
        double p99 = millis.get((int) Math.ceil(0.99 * n) - 1);
        out.printf(Locale.ROOT, "GET %s calls=%d p50_ms=%.1f p99_ms=%.1f bytes=%d%n", url.substring(url.indexOf("/api")), n,
                p50, p99, bytes);
        return p50;
    }

    private static long call(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length;
    }

    private static Map<String, String> settings(Map<String, String> overrides, Path work, AutotaskSimulator psa, int port) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.putIfAbsent("billing.data-dir", work.resolve("db").toString());
        settings.put("billing.db.durable", "false");
        settings.put("camel.server.enabled", "true");
        settings.put("camel.server.host", "127.0.0.1");
        settings.put("camel.server.port", String.valueOf(port));
        settings.put("camel.main.routes-include-pattern", "file:routes/**/*.camel.yaml,classpath:bench/*.camel.yaml");
        settings.put("billing.mappings-dir", work.resolve("mappings").toString());
        settings.put("billing.drop-dir", work.resolve("drops").toString());
        settings.put("bench.source-url", "http://127.0.0.1:9");
        settings.put("bench.api-key", "unused");
        settings.put("bench.page-size", "1000");
        BenchPsa.pointAt(settings, psa);
        return settings;
    }
}
