package io.usagebilling.cli;

import io.usagebilling.domain.Grant;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.invoicing.CsvExports;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parsed command line: a verb and {@code --name value} options, each checked against the verb. */
record Arguments(String verb, Map<String, String> options) {

    private static final Map<String, List<String>> VERBS = Map.ofEntries(
            Map.entry("demo", List.of("data", "days")),
            Map.entry("sandbox", List.of("psa", "port", "drops", "days")),
            Map.entry("sync", List.of("date", "from", "to", "data")),
            Map.entry("unmapped", List.of("data")),
            Map.entry("status", List.of("runs", "data")),
            Map.entry("plan", List.of("date", "data")),
            Map.entry("reconcile", List.of("from", "to", "fix", "data")),
            Map.entry("approve", List.of("plan", "data")),
            Map.entry("reject", List.of("plan", "data")),
            Map.entry("run", List.of("data", "port")),
            Map.entry("close", List.of("month", "preview", "data")),
            Map.entry("finalize", List.of("month", "data")),
            Map.entry("explain", List.of("invoice-line", "data")),
            Map.entry("export", List.of("report", "month", "company", "type", "out", "data")),
            Map.entry("licenses", List.of("company", "type", "month", "data")),
            Map.entry("token", List.of("name", "role", "grants", "days", "data")),
            Map.entry("mappings", List.of("dry-run", "data")),
            Map.entry("bench", List.of("records", "warmup", "lines", "psa", "date", "data", "csv-mb", "callbacks", "clients",
                    "batch", "modules", "reports", "reuse")),
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
        if (verb.equals("approve") || verb.equals("reject")) {
            // approve PLAN_ID, reject PLAN_ID: the one positional argument
            if (args.length < 2 || args[1].startsWith("--")) {
                throw new IllegalArgumentException(verb + " needs a PLAN_ID");
            }
            options.put("plan", args[1]);
            first = 2;
        }
        if (verb.equals("token") && args.length > 1 && List.of("list", "revoke").contains(args[1])) {
            // token list | token revoke --name NAME; a new token otherwise
            options.put("action", args[1]);
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
            if (name.equals("dry-run") || name.equals("fix") || name.equals("preview") || name.equals("callbacks")
                    || name.equals("reports") || name.equals("reuse")) {
                if (name.equals("dry-run") && !"import".equals(options.get("action"))) {
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
        if (verb.equals("sync")) {
            parsed.days();
        }
        if (verb.equals("plan") || (verb.equals("bench") && parsed.option("date") != null)) {
            parsed.date();
        }
        if (verb.equals("approve") || verb.equals("reject")) {
            parsed.planId();
        }
        if (verb.equals("reconcile")) {
            parsed.optionalDate("from");
            parsed.optionalDate("to");
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
        if (verb.equals("sandbox") && parsed.intOption("days", 1) > 92) {
            throw new IllegalArgumentException("--days must be at most 92, not " + parsed.option("days"));
        }
        parsed.intOption("days", 5);
        parsed.intOption("runs", 10);
        parsed.intOption("port", 8080);
        parsed.intOption("records", 1);
        parsed.intOption("days", 1);
        parsed.intOption("csv-mb", 1);
        parsed.intOption("clients", 1);
        parsed.intOption("batch", 1);
        parsed.intOption("modules", 1);
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
        if (option(name) == null || option(name).isBlank()) {
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

    /** The date option {@code name}, or null when not given. */
    LocalDate optionalDate(String name) {
        return option(name) == null ? null : TenantCalendar.parseDate(option(name));
    }

    /** sync's days, in order: --date D, or --from D --to D (both included). */
    List<LocalDate> days() {
        if (option("date") != null) {
            if (option("from") != null || option("to") != null) {
                throw new IllegalArgumentException("sync takes --date, or --from and --to, not both");
            }
            return List.of(date());
        }
        if (option("from") == null || option("to") == null) {
            throw new IllegalArgumentException("sync needs --date YYYY-MM-DD, or --from YYYY-MM-DD --to YYYY-MM-DD");
        }
        LocalDate from = TenantCalendar.parseDate(option("from"));
        LocalDate to = TenantCalendar.parseDate(option("to"));
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
