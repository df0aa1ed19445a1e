package io.usagebilling.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.usagebilling.store.ExportRows;
import java.io.IOException;
import java.io.OutputStream;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * CSV exports that a spreadsheet opens correctly: Jackson CSV (quoting of commas, quotes and line
 * breaks), UTF-8 with a byte-order mark (so Excel does not guess another encoding), ISO dates,
 * plain decimals, and text cells that a spreadsheet would run as a formula neutralized.
 */
public final class CsvExports {

    /** The report names of {@code export --report}. */
    public static final List<String> REPORTS = List.of("invoices", "invoice-lines", "site-usage");

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final CsvMapper csv = (CsvMapper) new CsvMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(String.class, new FormulaSafeText()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private final Map<String, Report<?>> reports;

    public CsvExports(ExportRows rows) {
        this.reports = Map.of(
                "invoices", new Report<>(ExportRows.InvoiceRow.class, rows::invoices),
                "invoice-lines", new Report<>(ExportRows.InvoiceLineRow.class, rows::invoiceLines),
                "site-usage", new Report<>(ExportRows.SiteUsageRow.class, rows::siteUsage));
    }

    /** Writes one report as CSV; returns the number of rows. */
    public int write(String report, YearMonth month, Long company, OutputStream out) throws IOException {
        Report<?> r = reports.get(report);
        if (r == null) {
            throw new IllegalArgumentException("unknown report '" + report + "' (one of " + String.join(", ", REPORTS) + ")");
        }
        return r.write(month, company, out);
    }

    /**
     * Organization names come from the modules, so a name like {@code =HYPERLINK(...)} must not run
     * as a spreadsheet formula: such text gets a leading apostrophe (OWASP's CSV injection advice).
     * Numbers are BigDecimal, so a negative amount is never touched.
     */
    static final class FormulaSafeText extends StdSerializer<String> {
        FormulaSafeText() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            boolean formula = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
            gen.writeString(formula ? "'" + value : value);
        }
    }

    private final class Report<T> {
        private final Class<T> type;
        private final BiFunction<YearMonth, Long, List<T>> rows;

        Report(Class<T> type, BiFunction<YearMonth, Long, List<T>> rows) {
            this.type = type;
            this.rows = rows;
        }

        int write(YearMonth month, Long company, OutputStream out) throws IOException {
            List<T> list = rows.apply(month, company);
            out.write(UTF8_BOM);
            out.write(csv.writer(csv.schemaFor(type).withHeader()).writeValueAsBytes(list));
            out.flush();
            return list.size();
        }
    }
}
