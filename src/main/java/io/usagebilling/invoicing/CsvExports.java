package io.usagebilling.invoicing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.usagebilling.domain.TenantCalendar;
import java.io.IOException;
import java.io.OutputStream;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CSV exports that a spreadsheet opens correctly: Jackson CSV (quoting of commas, quotes and line
 * breaks), UTF-8 with a byte-order mark (so Excel does not guess another encoding), ISO dates,
 * plain decimals, and text cells that a spreadsheet would run as a formula neutralized.
 */
public final class CsvExports {

    /** The report names of {@code export --report}. */
    public static final List<String> REPORTS =
            List.of("invoices", "invoice-lines", "site-usage", "licenses", "license-history");

    /** What to export: a usage month, and optionally one company and (licenses only) one license type. */
    public record Filter(YearMonth month, Long company, String licenseType) {}

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final CsvMapper csv = (CsvMapper) new CsvMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(String.class, new FormulaSafeText()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private final Map<String, Report<?>> reports;

    public CsvExports(ExportRows rows, TenantCalendar calendar) {
        this.reports = Map.of(
                "invoices", new Report<>(ExportRows.InvoiceRow.class, f -> rows.invoices(f.month(), f.company())),
                "invoice-lines", new Report<>(ExportRows.InvoiceLineRow.class, f -> rows.invoiceLines(f.month(), f.company())),
                "site-usage", new Report<>(ExportRows.SiteUsageRow.class, f -> rows.siteUsage(f.month(), f.company())),
                "licenses", new Report<>(ExportRows.LicenseRow.class,
                        f -> rows.licenses(f.month(), calendar.asOf(f.month()), f.company(), f.licenseType())),
                "license-history", new Report<>(ExportRows.LicenseEventRow.class,
                        f -> rows.licenseHistory(f.month(), f.company(), f.licenseType())));
    }

    /** Writes one report as CSV; returns the number of rows. */
    public int write(String report, Filter filter, OutputStream out) throws IOException {
        Report<?> r = reports.get(report);
        if (r == null) {
            throw new IllegalArgumentException("unknown report '" + report + "' (one of " + String.join(", ", REPORTS) + ")");
        }
        return r.write(filter, out);
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
        private final Function<Filter, List<T>> rows;

        Report(Class<T> type, Function<Filter, List<T>> rows) {
            this.type = type;
            this.rows = rows;
        }

        int write(Filter filter, OutputStream out) throws IOException {
            List<T> list = rows.apply(filter);
            out.write(UTF8_BOM);
            out.write(csv.writer(csv.schemaFor(type).withHeader()).writeValueAsBytes(list));
            out.flush();
            return list.size();
        }
    }
}
