package io.usagebilling.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.app.BillingApp;
import io.usagebilling.mapping.MappingFiles;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.sim.CallbackClient;
import io.usagebilling.sim.demo.Demo;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.store.Jdbc;
import io.usagebilling.totals.UsageTotals;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bin/usage-billing bench --callbacks}: the service as {@code run} starts it (the HTTP server on
 * loopback, the shipped routes and mappings, durable PostgreSQL, each callback module's secret set as
 * the sandbox sets it), and N clients at once each pushing signed batches of one callback module's
 * records, one batch after the other. After a warm-up of the same kind, prints the records per
 * second, the answers' latency, and what PostgreSQL holds of the run: every record of a batch answered
 * 202 must be stored or quarantined, exactly once, and the usage totals, once the pages' pending sums
 * are folded, must sum to the usage (exit 1 otherwise, or when a batch is refused). The fold's time is
 * printed: the work a page leaves for later.
 */
public final class CallbackBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the measured clients sent, and what the service answered. */
    private record Outcome(double seconds, long[] latencies, long sent, long accepted, long repliedStored,
                           long repliedQuarantined, List<String> refused) {}

    /** One client's answers. */
    private record Answers(long[] latencies, long accepted, long stored, long quarantined, List<String> refused) {}

    private CallbackBench() {}

    /** @param modules how many of the shipped callback modules the clients push for, in turn; 0: all */
    public static int run(int clients, int batch, int records, int warmupRecords, int modules,
                          Map<String, String> overrides, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("usage-billing-callback-bench");
        List<Mappings.Module> callbackModules = MappingFiles.load(Path.of("mappings")).modules().stream()
                .filter(m -> m.source().equals("callback")).limit(modules > 0 ? modules : Long.MAX_VALUE).toList();
        int port = Demo.freePort();
        try (AutotaskSimulator psa = BenchPsa.start();
                BillingApp app = BillingApp.start(settings(overrides, work, port, callbackModules, psa))) {
            CallbackBatches world = new CallbackBatches(callbackModules, app.calendar().yesterday());
            String base = "http://127.0.0.1:" + port;
            String run = Long.toString(System.currentTimeMillis(), 36);
            if (warmupRecords > 0) {
                Outcome warmup = push(base, world, clients, batch, warmupRecords, "w" + run + "-");
                out.printf(Locale.ROOT, "warmup: records=%d seconds=%.2f (not measured)%n", warmup.sent(), warmup.seconds());
            }
            String tag = "m" + run + "-";
            Outcome o = push(base, world, clients, batch, records, tag);
            Jdbc jdbc = new Jdbc(app.dataSource());
            long stored = jdbc.queryLong("SELECT count(*) FROM usage_record WHERE source_record_id LIKE ?", tag + "%");
            // by the payload: a record without its organization is quarantined without its id
            long quarantined = jdbc.queryLong("SELECT count(*) FROM quarantine WHERE strpos(payload, ?) > 0", "\"" + tag);
            // what the pages left pending for the totals (the fold route takes it every few seconds)
            long foldStart = System.nanoTime();
            new UsageTotals(app.dataSource()).fold();
            double foldMs = (System.nanoTime() - foldStart) / 1e6;
            boolean totalsEqual = jdbc.query("""
                    SELECT (SELECT COALESCE(SUM(quantity), 0) FROM usage_day_total)
                         = (SELECT COALESCE(SUM(quantity), 0) FROM current_usage)""", rs -> rs.getBoolean(1)).get(0);
            long[] sorted = o.latencies().clone();
            Arrays.sort(sorted);
            o.refused().stream().limit(5).forEach(r -> out.println("refused: " + r));
            // measured as the service runs: durable unless the database says otherwise
            out.println(jdbc.query("SELECT 'database: fsync=' || current_setting('fsync') || ' synchronous_commit='"
                    + " || current_setting('synchronous_commit')", rs -> rs.getString(1)).get(0));
            out.printf(Locale.ROOT, "callbacks: clients=%d batch=%d records=%d seconds=%.2f rps=%.0f p50_ms=%.1f p99_ms=%.1f"
                            + " accepted=%d stored=%d quarantined=%d refused=%d modules=%d fold_ms=%.0f totals_equal=%s%n",
                    clients, batch, o.sent(), o.seconds(), o.sent() / o.seconds(), percentile(sorted, 50),
                    percentile(sorted, 99), o.accepted(), stored, quarantined, o.refused().size(),
                    Math.min(clients, callbackModules.size()), foldMs, totalsEqual);
            boolean exact = totalsEqual && o.accepted() == stored + quarantined && o.repliedStored() == stored
                    && o.repliedQuarantined() == quarantined;
            return exact && o.refused().isEmpty() ? 0 : 1;
        } finally {
            Demo.deleteRecursively(work);
        }
    }

    private static Map<String, String> settings(Map<String, String> overrides, Path work, int port,
                                                List<Mappings.Module> modules, AutotaskSimulator psa) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.putIfAbsent("billing.data-dir", work.resolve("db").toString());
        settings.put("camel.server.enabled", "true");
        settings.put("camel.server.port", String.valueOf(port));
        settings.put("billing.drop-dir", work.resolve("drops").toString());
        modules.forEach(m -> settings.put("callbacks." + m.id() + ".secret", secret(m.id())));
        BenchPsa.pointAt(settings, psa);
        return settings;
    }

    private static String secret(String module) {
        return "bench-callback-secret-" + module;
    }

    /** The clients' batches are made first, then sent all at once: the clock measures the service. */
    private static Outcome push(String base, CallbackBatches world, int clients, int batch, long records, String tag)
            throws Exception {
        List<List<CallbackBatches.Batch>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            perClient.add(world.of(c, records / clients + (c < records % clients ? 1 : 0), batch, tag));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<Answers>> futures = new ArrayList<>();
            for (List<CallbackBatches.Batch> batches : perClient) {
                futures.add(pool.submit(() -> send(new CallbackClient(base), batches)));
            }
            List<Answers> answers = new ArrayList<>();
            for (Future<Answers> f : futures) {
                answers.add(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<String> refused = new ArrayList<>();
            answers.forEach(a -> refused.addAll(a.refused()));
            return new Outcome(seconds, answers.stream().flatMapToLong(a -> Arrays.stream(a.latencies())).toArray(), records,
                    answers.stream().mapToLong(Answers::accepted).sum(), answers.stream().mapToLong(Answers::stored).sum(),
                    answers.stream().mapToLong(Answers::quarantined).sum(), refused);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client: its batches one after the other, each answer awaited. */
    private static Answers send(CallbackClient client, List<CallbackBatches.Batch> batches) throws Exception {
        long[] latencies = new long[batches.size()];
        long accepted = 0;
        long stored = 0;
        long quarantined = 0;
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            CallbackBatches.Batch b = batches.get(i);
            long start = System.nanoTime();
            HttpResponse<String> answer = client.send(b.module(), secret(b.module()), b.body());
            latencies[i] = System.nanoTime() - start;
            if (answer.statusCode() != 202) {
                refused.add(b.module() + " " + answer.statusCode() + " " + answer.body());
                continue;
            }
            JsonNode reply = JSON.readTree(answer.body());
            accepted += b.records();
            stored += reply.path("accepted").asLong();
            quarantined += reply.path("quarantined").asLong();
        }
        return new Answers(latencies, accepted, stored, quarantined, refused);
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }
}
