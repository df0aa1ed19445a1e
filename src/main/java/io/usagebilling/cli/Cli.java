package io.usagebilling.cli;

import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.delivery.DriftLog;
import io.usagebilling.delivery.Plan;
import io.usagebilling.delivery.PlanLine;
import io.usagebilling.delivery.PlanLines;
import io.usagebilling.delivery.Reconciler;
import io.usagebilling.delivery.Reconciliation;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.invoicing.CsvExports;
import io.usagebilling.invoicing.LineExplainer;
import io.usagebilling.licenses.LicenseStore;
import io.usagebilling.mapping.ModuleSwitch;
import io.usagebilling.observe.Secrets;
import io.usagebilling.sim.demo.Demo;
import io.usagebilling.sim.sandbox.Sandbox;
import io.usagebilling.sync.LastRuns;
import io.usagebilling.sync.SyncRuns;
import io.usagebilling.sync.SyncSummary;
import io.usagebilling.sync.UnmappedReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code bin/usage-billing VERB [options]}: the one entry point. */
public final class Cli {

    /** The help text, src/main/resources/cli/usage.txt. */
    static final String USAGE = usage();

    private Cli() {}

    private static String usage() {
        try (InputStream in = Cli.class.getResourceAsStream("/cli/usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("modules")) {
            return modules(args, out, err);
        }
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("usage-billing: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            switch (a.verb()) {
                case "help" -> out.print(USAGE);
                case "demo" -> {
                    return Demo.run(a.option("data"), a.intOption("days", 5), out);
                }
                case "sandbox" -> {
                    return Sandbox.run(a.option("psa") == null ? "autotask" : a.option("psa"),
                            "http://127.0.0.1:" + a.intOption("port", 8080),
                            Path.of(a.option("drops") == null ? "sandbox/drops" : a.option("drops")),
                            System.getenv().getOrDefault("BILLING_TIME_ZONE", "America/New_York"), a.intOption("days", 1), out);
                }
                case "sync" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        return sync(app, a.days(), out, err);
                    }
                }
                case "close" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        if (a.option("preview") != null) {
                            out.println(app.monthClose().preview(a.month()).line());
                            return 0;
                        }
                        out.println(app.closeMonth(a.month()).line());
                        return closeProblems(app, a.month(), err);
                    }
                }
                case "finalize" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        out.println("finalize " + a.month() + ": invoices=" + app.monthClose().finalizeMonth(a.month()));
                    }
                }
                case "explain" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        out.print(app.bean(LineExplainer.class)
                                .text(a.longOption("invoice-line")));
                    }
                }
                case "export" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        export(app, a, out);
                    }
                }
                case "licenses" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        YearMonth month = a.option("month") == null ? app.calendar().thisMonth() : a.month();
                        out.print(LicenseReport.text(app.licenses(), new LicenseStore.Filter(a.company(), a.option("type"), month),
                                app.calendar().asOf(month)));
                    }
                }
                case "token" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        return TokenCommand.run(app.bean(ApiTokens.class), a, out, err);
                    }
                }
                case "status" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        new LastRuns(app.dataSource()).last(a.intOption("runs", 10)).forEach(r -> out.println(r.line()));
                    }
                }
                case "unmapped" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        UnmappedReport unmapped = app.bean(UnmappedReport.class);
                        unmapped.lines(unmapped.report()).forEach(out::println);
                    }
                }
                case "plan" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        app.calendar().requireOver(a.date());
                        Plan plan = app.plan(a.date());
                        out.println(plan.summary().line());
                        out.println(plan.text());
                    }
                }
                case "approve" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        Plan plan = app.approve(a.planId());
                        out.println(plan.text());
                        List<PlanLine> open = plan.lines().stream().filter(l -> !l.status().equals("confirmed")).toList();
                        open.forEach(l -> err.println("usage-billing: plan " + plan.id() + ": not delivered: " + l.text()));
                        return open.isEmpty() ? 0 : 1;
                    }
                }
                case "reject" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        out.println(app.reject(a.planId(), "cli:" + System.getProperty("user.name")).text());
                    }
                }
                case "reconcile" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        return reconcile(app, a, out, err);
                    }
                }
                case "mappings" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        MappingsCommand.run(app, a.option("action"), a.option("dry-run") != null, out);
                    }
                }
                case "bench" -> {
                    return BenchCommand.run(a, dataOverrides(a), out);
                }
                case "run" -> BillingApp.runUntilStopped(runOverrides(a));
                default -> throw new IllegalStateException("unhandled verb " + a.verb());
            }
            return 0;
        } catch (TenantCalendar.DayRefused | InputProblem e) {
            err.println("usage-billing: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("usage-billing: " + Secrets.mask(oneLine(e)));
            return 1;
        }
    }

    /**
     * Syncs the days in order; 0 when each is done, 1 when a run left a module failed or a change
     * undelivered (one line each); a day not over yet is refused before any is synced.
     */
    private static int sync(BillingApp app, List<LocalDate> days, PrintStream out, PrintStream err) {
        days.forEach(app.calendar()::requireOver);
        int exit = 0;
        for (LocalDate day : days) {
            SyncSummary summary = app.syncDay(day);
            out.println(summary.line());
            List<String> problems = new ArrayList<>();
            summary.failedModules().forEach(m -> problems.add("failed module " + m));
            summary.missingModules().forEach(m -> problems.add("missing data: " + m + " sent no usage and no complete day;"
                    + " its lines wait"));
            app.unsettled(summary.syncRunId()).forEach(l -> problems.add("not delivered: " + l.text()));
            app.bean(DriftLog.class).ofRun(summary.syncRunId()).forEach(d -> problems.add("drift: " + d.text()
                    + "; set to the usage from that date on, run reconcile for the dates before"));
            problems.forEach(p -> err.println("usage-billing: sync " + day + ": " + p));
            exit = problems.isEmpty() ? exit : 1;
        }
        return exit;
    }

    /**
     * The invoices are drafted either way (a re-close updates them); 1, naming each, when a day of the
     * month is not all in or a change for the month is not delivered, so the drafts may be short.
     */
    private static int closeProblems(BillingApp app, YearMonth month, PrintStream err) {
        List<String> problems = new ArrayList<>(new SyncRuns(app.dataSource()).incompleteDays(month, app.calendar().yesterday()));
        app.bean(PlanLines.class).unsettledBetween(month.atDay(1), month.atEndOfMonth())
                .forEach(l -> problems.add("not delivered: " + l.text()));
        problems.forEach(p -> err.println("usage-billing: close " + month + ": " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    /** 0 when the PSA equals the usage over the range (or was made to); 1 naming each difference left. */
    private static int reconcile(BillingApp app, Arguments a, PrintStream out, PrintStream err) {
        Reconciler.Request request = Reconciler.Request.of(app.calendar(), a.optionalDate("from"), a.optionalDate("to"),
                a.option("fix") != null);
        app.calendar().requireOver(request.to());
        Reconciliation done = app.reconcile(request);
        out.println(done.line());
        if (!done.text().isEmpty()) {
            out.println(done.text());
        }
        done.problems().forEach(p -> err.println("usage-billing: reconcile: " + p));
        return done.problems().isEmpty() ? 0 : 1;
    }

    /** {@code modules enable|disable NAME}: a file edit, no application start. */
    private static int modules(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !(args[1].equals("enable") || args[1].equals("disable"))) {
            err.println("usage-billing: modules needs 'enable NAME' or 'disable NAME'");
            err.print(USAGE);
            return 2;
        }
        String dir = System.getenv().getOrDefault("BILLING_MAPPINGS_DIR", "mappings");
        try {
            out.println(ModuleSwitch.set(Path.of(dir), args[2], args[1].equals("enable")));
            return 0;
        } catch (Exception e) {
            err.println("usage-billing: " + Secrets.mask(oneLine(e)));
            return 1;
        }
    }

    private static void export(BillingApp app, Arguments a, PrintStream out) throws IOException {
        CsvExports exports = app.bean(CsvExports.class);
        CsvExports.Filter filter = new CsvExports.Filter(a.month(), a.company(), a.option("type"));
        if (a.option("out") == null) {
            exports.write(a.report(), filter, out);
            return;
        }
        Path file = Path.of(a.option("out"));
        try (OutputStream csv = Files.newOutputStream(file)) {
            int rows = exports.write(a.report(), filter, csv);
            out.println("export " + a.report() + " " + a.month() + ": rows=" + rows + " -> " + file);
        }
    }

    /** Verbs that read or write the PSA; the others start without its settings. */
    private static final Set<String> CALLS_THE_PSA = Set.of("run", "sync", "plan", "approve", "reconcile", "mappings");

    private static Map<String, String> dataOverrides(Arguments a) {
        Map<String, String> overrides = new HashMap<>();
        if (a.option("data") != null) {
            overrides.put("billing.data-dir", Path.of(a.option("data")).toAbsolutePath().toString());
        }
        overrides.put("camel.server.enabled", "false");
        if (!CALLS_THE_PSA.contains(a.verb())) {
            overrides.put("psa.settings-required", "false");
        }
        // A one-shot verb does not fire the cluster's triggers: only services (run) do.
        overrides.put("camel.component.quartz.auto-start-scheduler", "false");
        return overrides;
    }

    private static Map<String, String> runOverrides(Arguments a) {
        Map<String, String> overrides = dataOverrides(a);
        overrides.remove("camel.server.enabled");
        overrides.remove("camel.component.quartz.auto-start-scheduler");
        if (a.option("port") != null) {
            overrides.put("camel.server.port", String.valueOf(a.intOption("port", 8080)));
        }
        return overrides;
    }

    /** The message a person needs: the first cause that is not one of Camel's wrappers around it. */
    public static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getClass().getName().startsWith("org.apache.camel."))) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
