package io.usagebilling.cli;

import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.delivery.Plan;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.invoicing.CsvExports;
import io.usagebilling.invoicing.LineExplainer;
import io.usagebilling.licenses.LicenseStore;
import io.usagebilling.mapping.ModuleSwitch;
import io.usagebilling.sim.bench.Bench;
import io.usagebilling.sim.demo.Demo;
import io.usagebilling.sync.SyncRuns;
import io.usagebilling.sync.UnmappedReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code bin/usage-billing VERB [options]}: the one entry point. */
public final class Cli {

    static final String USAGE = """
            usage: bin/usage-billing VERB [options]

              demo [--data DIR] [--days N]   run daily syncs over N (default 5) days of changing usage,
                                             with the module and PSA simulators and an embedded PostgreSQL
                                             in a fresh temporary folder (or DIR, kept)
              sync --date YYYY-MM-DD [--data DIR]
                                             run one daily sync for that tenant-local usage date now
              close --month YYYY-MM [--data DIR]
                                             close a usage month: one draft invoice per PSA company, and
                                             adjustment invoices for late usage of finalized months
              finalize --month YYYY-MM [--data DIR]
                                             finalize the month's drafts; they never change afterwards
              explain --invoice-line ID [--data DIR]
                                             the daily quantities, mappings, prices and raw usage
                                             records behind one invoice line
              export --report REPORT --month YYYY-MM [--company ID] [--type MODULE/TYPE] [--out FILE]
                     [--data DIR]            CSV (UTF-8, ISO dates) of invoices, invoice-lines,
                                             site-usage (usage per customer site), licenses or
                                             license-history (--type: licenses only), to FILE or stdout
              licenses [--company ID] [--type MODULE/TYPE] [--month YYYY-MM] [--data DIR]
                                             the license counters and licenses (state on the month's
                                             last day, default this month)
              token --name NAME --role provider|administrator [--grants G,G] [--data DIR]
                                             create a REST API token (printed once; stored hashed);
                                             grants: manage-licenses, buy-licenses,
                                             activate-license-key, license-usage-history
              status [--runs N] [--data DIR] the last N (default 10) sync runs, newest first: day, status,
                                             start, duration, work units done, records, quarantined,
                                             adjustments, instance
              unmapped [--data DIR]          list organizations no mapping covers, their unbilled
                                             unit-days and the likeliest PSA companies for each
              plan --date YYYY-MM-DD [--data DIR]
                                             run that day's sync but send nothing: print the plan (per
                                             line: PSA units now, new units, change) and its PLAN_ID
              approve PLAN_ID [--data DIR]   send exactly the plan's held changes
              run [--data DIR] [--port N]    run as a service: HTTP server and the daily scheduler,
                                             until stopped (SIGTERM or Ctrl-C)
              mappings export [--data DIR]   write the database's organization and service mappings
                                             to mappings/organizations.yaml and services.yaml
              mappings import [--dry-run] [--data DIR]
                                             apply those files to the database in one transaction
                                             (--dry-run: print the diff only); an invalid entry
                                             refuses the whole import, naming its line
              bench [--records N] [--warmup N] [--date YYYY-MM-DD] [--data DIR]
                                             the daily sync over N (default 1,000,000) generated usage
                                             records on loopback, against a COPY baseline of the same
                                             pages; run again on the same --data and --date: psa_writes=0.
                                             First a warm-up sync over --warmup records (default
                                             100,000; 0: none) in a throwaway database
              modules enable|disable NAME    bill a module's usage, or stop (its usage is still collected
                                             and its organizations discovered); edits mappings/modules.yaml
              help                           show this text

            --data DIR is the embedded PostgreSQL's folder (default: data/); BILLING_DB_URL uses an
            external PostgreSQL instead. Configuration: src/main/resources/application.properties.
            """;

    private Cli() {}

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
                case "sync" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        out.println(app.syncDay(a.date()).line());
                    }
                }
                case "close" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        out.println(app.closeMonth(a.month()).line());
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
                        out.print(LicenseReport.text(app.licenses(), new LicenseStore.Filter(a.company(), a.option("type"), month)));
                    }
                }
                case "token" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        out.println(app.bean(ApiTokens.class)
                                .create(a.required("name"), a.provider(), a.grants()));
                    }
                }
                case "status" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        new SyncRuns(app.dataSource()).lastRuns(a.intOption("runs", 10)).forEach(out::println);
                    }
                }
                case "unmapped" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        UnmappedReport.of(app.dataSource()).lines().forEach(out::println);
                    }
                }
                case "plan" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        Plan plan = app.plan(a.date());
                        out.println(plan.summary().line());
                        out.println(plan.text());
                    }
                }
                case "approve" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        out.println(app.approve(a.planId()).text());
                    }
                }
                case "mappings" -> {
                    try (BillingApp app = BillingApp.start(dataOverrides(a))) {
                        MappingsCommand.run(app, a.option("action"), a.option("dry-run") != null, out);
                    }
                }
                case "bench" -> {
                    return Bench.run(a.intOption("records", 1_000_000), a.intOption("warmup", 100_000, 0),
                            a.option("date") == null ? null : a.date(),
                            dataOverrides(a), out);
                }
                case "run" -> BillingApp.runUntilStopped(runOverrides(a));
                default -> throw new IllegalStateException("unhandled verb " + a.verb());
            }
            return 0;
        } catch (Exception e) {
            err.println("usage-billing: " + oneLine(e));
            return 1;
        }
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
            err.println("usage-billing: " + oneLine(e));
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

    private static Map<String, String> dataOverrides(Arguments a) {
        Map<String, String> overrides = new HashMap<>();
        if (a.option("data") != null) {
            overrides.put("billing.data-dir", Path.of(a.option("data")).toAbsolutePath().toString());
        }
        overrides.put("camel.server.enabled", "false");
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

    /** Parsed command line: a verb and {@code --name value} options, each checked against the verb. */
    record Arguments(String verb, Map<String, String> options) {

        private static final Map<String, List<String>> VERBS = Map.ofEntries(
                Map.entry("demo", List.of("data", "days")),
                Map.entry("sync", List.of("date", "data")),
                Map.entry("unmapped", List.of("data")),
                Map.entry("status", List.of("runs", "data")),
                Map.entry("plan", List.of("date", "data")),
                Map.entry("approve", List.of("plan", "data")),
                Map.entry("run", List.of("data", "port")),
                Map.entry("close", List.of("month", "data")),
                Map.entry("finalize", List.of("month", "data")),
                Map.entry("explain", List.of("invoice-line", "data")),
                Map.entry("export", List.of("report", "month", "company", "type", "out", "data")),
                Map.entry("licenses", List.of("company", "type", "month", "data")),
                Map.entry("token", List.of("name", "role", "grants", "data")),
                Map.entry("mappings", List.of("dry-run", "data")),
                Map.entry("bench", List.of("records", "warmup", "date", "data")),
                Map.entry("help", List.of()));

        static Arguments parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("no verb given");
            }
            String verb = args[0];
            List<String> allowed = VERBS.get(verb);
            if (allowed == null) {
                throw new IllegalArgumentException("unknown verb '" + verb + "'");
            }
            Map<String, String> options = new HashMap<>();
            int first = 1;
            if (verb.equals("approve")) {
                // approve PLAN_ID: the one positional argument
                if (args.length < 2 || args[1].startsWith("--")) {
                    throw new IllegalArgumentException("approve needs a PLAN_ID");
                }
                options.put("plan", args[1]);
                first = 2;
            }
            if (verb.equals("mappings")) {
                // mappings export|import: the positional action
                if (args.length < 2 || !List.of("export", "import").contains(args[1])) {
                    throw new IllegalArgumentException("mappings needs 'export' or 'import'");
                }
                options.put("action", args[1]);
                first = 2;
            }
            for (int i = first; i < args.length; i += 2) {
                String name = args[i].startsWith("--") ? args[i].substring(2) : null;
                if (name == null || name.equals("plan") || name.equals("action") || !allowed.contains(name)) {
                    throw new IllegalArgumentException("'" + verb + "' does not take '" + args[i] + "'");
                }
                if (name.equals("dry-run")) {
                    if (!"import".equals(options.get("action"))) {
                        throw new IllegalArgumentException("--dry-run is for 'mappings import'");
                    }
                    options.put(name, "true"); // a flag: no value follows
                    i--;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                options.put(name, args[i + 1]);
            }
            Arguments parsed = new Arguments(verb, options);
            if (verb.equals("sync") || verb.equals("plan") || (verb.equals("bench") && parsed.option("date") != null)) {
                parsed.date();
            }
            if (verb.equals("approve")) {
                parsed.planId();
            }
            if (verb.equals("token")) {
                parsed.required("name");
                parsed.provider();
                parsed.grants();
            }
            if (verb.equals("export")) {
                parsed.report();
                parsed.month();
            }
            if (verb.equals("licenses") && parsed.option("month") != null) {
                parsed.month();
            }
            parsed.company();
            if (verb.equals("close") || verb.equals("finalize")) {
                parsed.month();
            }
            if (verb.equals("explain")) {
                parsed.longOption("invoice-line");
            }
            parsed.intOption("days", 5);
            parsed.intOption("runs", 10);
            parsed.intOption("port", 8080);
            parsed.intOption("records", 1);
            return parsed;
        }

        String option(String name) {
            return options.get(name);
        }

        int intOption(String name, int fallback) {
            return intOption(name, fallback, 1);
        }

        int intOption(String name, int fallback, int least) {
            String value = options.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n < least) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number of at least " + least
                        + ", not '" + value + "'");
            }
        }

        long planId() {
            try {
                return Long.parseLong(option("plan"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PLAN_ID must be a number (printed by plan), not '" + option("plan") + "'");
            }
        }

        long longOption(String name) {
            String value = options.get(name);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(verb + " needs --" + name + " ID (a whole number), not '" + value + "'");
            }
        }

        String required(String name) {
            if (option(name) == null) {
                throw new IllegalArgumentException(verb + " needs --" + name);
            }
            return option(name);
        }

        boolean provider() {
            String role = required("role");
            if (!role.equals("provider") && !role.equals("administrator")) {
                throw new IllegalArgumentException("--role must be provider or administrator, not '" + role + "'");
            }
            return role.equals("provider");
        }

        List<Grant> grants() {
            return option("grants") == null ? List.of()
                    : Arrays.stream(option("grants").split(",")).map(String::strip).map(Grant::grantable).toList();
        }

        String report() {
            String report = option("report");
            if (!CsvExports.REPORTS.contains(report)) {
                throw new IllegalArgumentException("export needs --report, one of " + String.join(", ", CsvExports.REPORTS));
            }
            return report;
        }

        Long company() {
            return option("company") == null ? null : longOption("company");
        }

        YearMonth month() {
            if (option("month") == null) {
                throw new IllegalArgumentException(verb + " needs --month YYYY-MM");
            }
            return TenantCalendar.parseMonth(option("month"));
        }

        LocalDate date() {
            if (option("date") == null) {
                throw new IllegalArgumentException(verb + " needs --date YYYY-MM-DD");
            }
            return TenantCalendar.parseDate(option("date"));
        }
    }
}
