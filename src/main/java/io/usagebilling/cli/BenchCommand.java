package io.usagebilling.cli;

import io.usagebilling.sim.bench.Bench;
import io.usagebilling.sim.bench.CallbackBench;
import io.usagebilling.sim.bench.CsvDropBench;
import io.usagebilling.sim.bench.ReportsBench;
import java.io.PrintStream;
import java.util.Map;

/** {@code bench}: the daily sync's benchmark, or one of its modes (--csv-mb, --callbacks, --reports); the exit status. */
final class BenchCommand {

    private BenchCommand() {}

    static int run(Arguments a, Map<String, String> data, PrintStream out) throws Exception {
        if (a.option("csv-mb") != null) {
            return CsvDropBench.run(a.intOption("csv-mb", 200), data, out);
        }
        if (a.option("callbacks") != null) {
            return CallbackBench.run(a.intOption("clients", 8), a.intOption("batch", 100), a.intOption("records", 200_000),
                    a.intOption("warmup", 50_000, 0), a.intOption("modules", 0, 1), data, out);
        }
        if (a.option("reports") != null) {
            return ReportsBench.run(a.intOption("records", 10_000_000), a.option("reuse") != null, data, out);
        }
        return Bench.run(a.intOption("records", 1_000_000), a.intOption("warmup", 100_000, 0), a.intOption("lines", 0, 0),
                a.option("psa") == null ? "autotask" : a.option("psa"), a.option("date") == null ? null : a.date(), data, out);
    }
}
