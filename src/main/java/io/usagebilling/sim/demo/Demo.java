package io.usagebilling.sim.demo;

import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.invoicing.MonthClose;
import io.usagebilling.mapping.MappingFiles;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.sim.CallbackClient;
import io.usagebilling.sim.DattoRmmSimulator;
import io.usagebilling.sim.PushedModules;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.sync.SyncSummary;
import io.usagebilling.sync.UnmappedReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/usage-billing demo}: the real application and routes against simulated Datto RMM and
 * Autotask on loopback, on an embedded PostgreSQL, over consecutive days ending yesterday (tenant time).
 */
public final class Demo {

    private static final String[] RMM = {"demo-rmm-api-key", "demo-rmm-api-secret"};
    private static final String[] AUTOTASK = {"DEMOINTEGRATIONCODE", "demo-api@example.com", "demo-secret"};

    private Demo() {}

    public static int run(String dataOption, int days, PrintStream out) throws Exception {
        Path data = dataOption != null ? Path.of(dataOption).toAbsolutePath() : Files.createTempDirectory("usage-billing-demo");
        try (DattoRmmSimulator rmm = DattoRmmSimulator.start(RMM[0], RMM[1]);
                AutotaskSimulator psa = AutotaskSimulator.start(AUTOTASK[0], AUTOTASK[1], AUTOTASK[2])) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("billing.db.url", "");
            overrides.put("billing.data-dir", data.toString());
            overrides.put("billing.drop-dir", data.resolve("drops").toString());
            // The HTTP server takes the callback modules' pushes (on loopback, the default).
            int port = freePort();
            overrides.put("camel.server.port", String.valueOf(port));
            overrides.put("billing.drop-poll-ms", "100");
            for (Mappings.Module m : MappingFiles.load(Path.of("mappings")).modules()) {
                overrides.put("callbacks." + m.id() + ".secret", callbackSecret(m.id()));
            }
            overrides.put("modules.datto-rmm.base-url", rmm.baseUrl());
            overrides.put("modules.datto-rmm.api-key", RMM[0]);
            overrides.put("modules.datto-rmm.api-secret", RMM[1]);
            // the simulated Datto RMM answers for each of the demo's days, not only yesterday
            overrides.put("modules.datto-rmm.serves-past-days", "true");
            overrides.put("psa.autotask.zone-lookup-url", psa.zoneLookupBase());
            overrides.put("psa.autotask.integration-code", AUTOTASK[0]);
            overrides.put("psa.autotask.username", AUTOTASK[1]);
            overrides.put("psa.autotask.secret", AUTOTASK[2]);
            out.println("demo: embedded PostgreSQL in " + data + ", Datto RMM at " + rmm.baseUrl()
                    + ", Autotask at " + psa.zoneLookupBase());
            try (BillingApp app = BillingApp.start(overrides)) {
                return syncDays(app, rmm, psa, days, "http://127.0.0.1:" + port, data.resolve("drops"), out);
            }
        } finally {
            if (dataOption == null) {
                deleteRecursively(data);
            }
        }
    }

    private static String callbackSecret(String module) {
        return "demo-callback-secret-" + module;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int syncDays(BillingApp app, DattoRmmSimulator rmm, AutotaskSimulator psa, int days, String appUrl,
                                Path dropDir, PrintStream out) throws IOException, InterruptedException {
        Mappings mappings = app.bean(MappingLoader.class)
                .reloadIfChanged();
        TenantCalendar calendar = app.bean(TenantCalendar.class);
        LocalDate first = calendar.yesterday().minusDays(days - 1L);
        DemoScenario scenario = new DemoScenario(mappings);
        PushedModules pushed = new PushedModules(mappings, new CallbackClient(appUrl), Demo::callbackSecret, dropDir);
        scenario.seed(psa, first);
        int adjustments = 0;
        SyncSummary last = null;
        String token = app.bean(ApiTokens.class)
                .create("demo-reviewer", true, List.of());
        for (int i = 0; i < days; i++) {
            scenario.showDay(rmm, i);
            pushed.push(first.plusDays(i), i);
            last = app.syncDay(first.plusDays(i));
            out.println(last.line());
            adjustments += last.adjustments();
            if (i == 0) { // a person maps one organization after the first sync; the next syncs bill it
                out.println(new DemoReviewer(appUrl, token).acceptBestSuggestion());
            }
        }
        UnmappedReport reports = app.bean(UnmappedReport.class);
        UnmappedReport.Report unmapped = reports.report();
        reports.lines(unmapped).forEach(out::println);
        // The month of the demo days: closed as drafts when it is over, else previewed (what its invoices would be).
        YearMonth month = YearMonth.from(first.plusDays(days - 1L));
        MonthClose.CloseSummary close = month.isBefore(calendar.thisMonth()) ? app.closeMonth(month)
                : app.monthClose().preview(month);
        out.println(close.line());
        // Records and quarantine of every source kind: pushed usage belongs to no sync run.
        DemoRecordCounts.Counts totals = new DemoRecordCounts(app.dataSource()).between(first, first.plusDays(days - 1L));
        out.println("demo: days=" + days + " records=" + totals.records() + " quarantined=" + totals.quarantined()
                + " orgs=" + last.orgs() + " unmapped=" + last.unmapped() + " lines=" + last.lines()
                + " adjustments=" + adjustments + " psa_requests=" + psa.requestCount() + " modules=" + totals.modules()
                + " suggestions=" + unmapped.suggestions() + " invoices=" + close.invoices().size() + " total=" + close.total());
        return last.complete() ? 0 : 1;
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
