package io.usagebilling.sim.bench;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.demo.Demo;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.store.Jdbc;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/usage-billing bench --csv-mb N}: one CSV file of about N MB dropped in Kaseya Online
 * Backup's folder of the shipped configuration, taken in by the running service (its file route,
 * batch by batch) under the bench's heap (-Xmx512m); prints how long it took, what was stored, and
 * the peaks of the heap and of the process's resident memory.
 */
public final class CsvDropBench {

    private static final String MODULE = "kaseya-online-backup";
    private static final long WAIT_MILLIS = 30 * 60 * 1000L;

    private CsvDropBench() {}

    public static int run(int megabytes, Map<String, String> overrides, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("usage-billing-csv-bench");
        try (AutotaskSimulator psa = BenchPsa.start();
                BillingApp app = BillingApp.start(settings(overrides, work, psa))) {
            Path folder = Files.createDirectories(work.resolve("drops").resolve(MODULE));
            Path partial = folder.resolve("bench.part");
            long rows = write(partial, megabytes * 1024L * 1024L, app.calendar().yesterday());
            double mb = Files.size(partial) / (1024.0 * 1024.0);
            System.gc();
            Bench.resetHeapPeaks();
            long start = System.nanoTime();
            Files.move(partial, folder.resolve("bench.csv"));
            boolean done = await(folder.resolve("done/bench.csv"), folder.resolve("error/bench.csv"));
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = new Jdbc(app.dataSource()).queryLong("SELECT count(*) FROM usage_record WHERE module_id = ?", MODULE);
            out.printf(Locale.ROOT, "csv: mb=%.1f rows=%d stored=%d seconds=%.2f rows_per_s=%.0f heap_peak_mb=%d"
                    + " rss_peak_mb=%d%n", mb, rows, stored, seconds, rows / seconds, Bench.heapPeakMb(), rssPeakMb());
            return done && stored == rows ? 0 : 1;
        } finally {
            Demo.deleteRecursively(work);
        }
    }

    private static Map<String, String> settings(Map<String, String> overrides, Path work, AutotaskSimulator psa) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.putIfAbsent("billing.data-dir", work.resolve("db").toString());
        settings.put("camel.server.enabled", "false");
        settings.put("billing.drop-dir", work.resolve("drops").toString());
        settings.put("billing.drop-poll-ms", "100");
        BenchPsa.pointAt(settings, psa);
        return settings;
    }

    /** Rows of 5,000 sites' machines, each its own record, until the file holds {@code bytes}; returns the rows. */
    private static long write(Path file, long bytes, LocalDate day) throws IOException {
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("siteId,siteName,machine,usedGb,date\n");
            for (long written = 0; written < bytes; rows++) {
                String row = "site-" + rows % 5_000 + ",Site " + rows % 5_000 + " Holdings,machine-" + rows + ","
                        + rows % 2_000 + ".25," + day + "\n";
                w.write(row);
                written += row.length();
            }
        }
        return rows;
    }

    private static boolean await(Path done, Path failed) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(done)) {
                return true;
            }
            if (Files.exists(failed)) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The process's peak resident memory (Linux: VmHWM), -1 where it cannot be read. */
    private static long rssPeakMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }
}
