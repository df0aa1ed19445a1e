package io.usagebilling.sim.bench;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.demo.Demo;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.sim.psa.SimulatedPsa;
import io.usagebilling.sync.SyncRuns;
import io.usagebilling.sync.SyncSummary;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code bin/usage-billing bench}: the real daily sync (routes, normalizer, PostgreSQL, ledger, PSA
 * delivery) over N generated usage records served page by page on loopback, then the COPY baseline
 * over the same pages; prints the figures. Run it again on the same database and day (--data, --date)
 * and every record is a duplicate and nothing is sent: psa_writes=0.
 *
 * <p>Like JMH, it first warms the JVM up: a whole sync over a smaller world in a throwaway embedded
 * database, so the measured run's code is compiled, as in a server that synced the night before. A
 * cold JVM spends up to a core on the JIT compiler during the measured run (measured: about 0.8 of
 * the machine's 2 cores through collection and delivery). {@code --warmup 0} measures it cold.
 */
public final class Bench {

    private static final String API_KEY = "bench-api-key";
    /** Records per page: what many vendor APIs allow at most. */
    private static final int PAGE_SIZE = 1000;
    /**
     * The simulated tenant is ours alone, its threshold as our budget: a real one's hourly allowance would
     * spread the first run over hours.
     */
    private static final long TENANT_REQUESTS_PER_HOUR = 100_000_000;

    private Bench() {}

    /**
     * @param date      the tenant-local usage day; null: yesterday
     * @param overrides the application's database settings (billing.data-dir or billing.db.*); without
     *                  a data folder or URL, an embedded PostgreSQL in a temporary folder
     */
    /**
     * @param lines PSA contract lines the world changes, about; 0: one per billing type and hundred organizations
     * @param psa   the simulated PSA the sync delivers to: autotask, connectwise, bms or halopsa
     */
    public static int run(int records, int warmupRecords, int lines, String psa, LocalDate date, Map<String, String> overrides,
            PrintStream out) throws Exception {
        // The simulators' JDK HTTP servers answer at once instead of after the client's delayed ACK (40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (warmupRecords > 0) {
            long start = System.nanoTime();
            // its own embedded database, whatever the measured run uses (--data, BILLING_DB_URL)
            if (runOnce(new BenchWorld(warmupRecords, lines), psa, date, Map.of("billing.db.url", ""),
                    new PrintStream(OutputStream.nullOutputStream())) != 0) {
                throw new IllegalStateException("the warm-up sync over " + warmupRecords + " records did not complete");
            }
            out.printf(Locale.ROOT, "warmup: records=%d seconds=%.2f (not measured)%n", warmupRecords,
                    (System.nanoTime() - start) / 1e9);
        }
        return runOnce(new BenchWorld(records, lines), psa, date, overrides, out);
    }

    private static int runOnce(BenchWorld world, String psaName, LocalDate date, Map<String, String> overrides,
            PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("usage-billing-bench");
        try (GeneratedUsageApi source = GeneratedUsageApi.start(world, API_KEY);
                SimulatedPsa psa = BenchPsa.start(psaName)) {
            world.writeMappings(work.resolve("mappings"));
            if (psa instanceof AutotaskSimulator autotask) {
                autotask.setHourlyThreshold(TENANT_REQUESTS_PER_HOUR);
            }
            try (BillingApp app = BillingApp.start(settings(overrides, work, source, psa))) {
                LocalDate day = date != null ? date : app.calendar().yesterday();
                world.seed(psa, day);
                return measure(app, world, source, BenchPsa.requestsPerHour(psa), day, out);
            }
        } finally {
            Demo.deleteRecursively(work);
        }
    }

    private static Map<String, String> settings(Map<String, String> overrides, Path work, GeneratedUsageApi source,
                                                SimulatedPsa psa) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.putIfAbsent("billing.data-dir", work.resolve("db").toString());
        // fsync and synchronous commit off, for the pipeline and the COPY baseline alike (one database)
        settings.put("billing.db.durable", "false");
        settings.put("camel.server.enabled", "false");
        settings.put("camel.main.routes-include-pattern", "file:routes/**/*.camel.yaml,classpath:bench/*.camel.yaml");
        settings.put("billing.mappings-dir", work.resolve("mappings").toString());
        settings.put("billing.drop-dir", work.resolve("drops").toString());
        settings.put("bench.source-url", source.baseUrl());
        settings.put("bench.api-key", API_KEY);
        settings.put("bench.page-size", String.valueOf(PAGE_SIZE));
        BenchPsa.pointAt(settings, psa);
        settings.put("psa.budget.requests-per-hour", String.valueOf(TENANT_REQUESTS_PER_HOUR));
        return settings;
    }

    private static int measure(BillingApp app, BenchWorld world, GeneratedUsageApi source, OptionalLong psaRequestsPerHour,
            LocalDate day, PrintStream out) throws Exception {
        System.gc();
        resetHeapPeaks();
        long start = System.nanoTime();
        SyncSummary sync = app.syncDay(day);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println(sync.line());
        SyncRuns.Phases phases = new SyncRuns(app.dataSource()).phases(sync.syncRunId());
        out.printf(Locale.ROOT, "phases: collect=%.2f quantities=%.2f deliver=%.2f%n",
                phases.collect(), phases.quantities(), phases.deliver());

        List<String> modules = BenchWorld.MODULES.stream().map(BenchWorld.Module::id).toList();
        List<String> firstPages = modules.stream()
                .map(m -> source.baseUrl() + GeneratedUsageApi.firstPage(m, PAGE_SIZE)).toList();
        long copyStart = System.nanoTime();
        long copied = new CopyBaseline(app.dataSource(), API_KEY).load(firstPages, modules, day);
        double copySeconds = (System.nanoTime() - copyStart) / 1e9;
        out.printf(Locale.ROOT, "copy: rows=%d seconds=%.2f%n", copied, copySeconds);
        if (copied != world.records()) {
            throw new IllegalStateException("the baseline copied " + copied + " rows, not " + world.records());
        }

        double pipelineRps = world.records() / seconds;
        double copyRps = world.records() / copySeconds;
        out.printf(Locale.ROOT, "bench: records=%d seconds=%.2f pipeline_rps=%.0f copy_rps=%.0f ratio=%.2f"
                        + " heap_peak_mb=%d psa_writes=%d psa_requests=%d requests_per_change=%s budget_minutes=%s%n",
                world.records(), seconds, pipelineRps, copyRps, pipelineRps / copyRps, heapPeakMb(), sync.adjustments(),
                sync.psaRequests(), sync.adjustments() == 0 ? "n/a"
                        : String.format(Locale.ROOT, "%.3f", (double) sync.psaRequests() / sync.adjustments()),
                budgetMinutes(app, sync.psaRequests(), psaRequestsPerHour));
        return sync.complete() ? 0 : 1;
    }

    /**
     * The minutes of the real PSA's hour this night's requests take of our share (psa.budget.share-percent);
     * n/a where the PSA publishes no hourly allowance.
     */
    private static String budgetMinutes(BillingApp app, long requests, OptionalLong requestsPerHour) {
        if (requestsPerHour.isEmpty()) {
            return "n/a";
        }
        double share = Double.parseDouble(app.context().resolvePropertyPlaceholders("{{psa.budget.share-percent}}"));
        return String.format(Locale.ROOT, "%.1f", requests * 60.0 / (requestsPerHour.getAsLong() * share / 100));
    }

    static void resetHeapPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of each heap pool's peak since the reset: an upper bound of the heap in use at any one time. */
    static long heapPeakMb() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
