package io.usagebilling.intake;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.intake.normalize.CsvDropNormalizer;
import io.usagebilling.intake.normalize.JsonShape;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.observe.BillingMetrics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * One module's CSV drop folder, created per module by the {@code csv-drop-source} route template
 * (see {@code routes/templates/csv-drop-source.camel.yaml}). A readable file's rows are stored (bad rows
 * quarantined) and the file moves to {@code done/}, with {@code <file>.rejected.csv} beside it
 * giving line and reason per rejected row; an unreadable file moves to {@code error/} with
 * {@code <file>.error.txt} giving the reason, and nothing of it is stored.
 */
public final class CsvDropSource {

    private BillingMetrics metrics;
    private UsageStore store;
    private MappingLoader mappings;
    private TenantCalendar calendar;
    private String module;
    private String separator = ",";
    private String orgIdColumn;
    private String orgNameColumn;
    private String billingTypeColumn;
    private String billingType;
    private String quantityColumn;
    private String assetIdColumn;
    private String usageDateColumn;
    private String recordIdColumn;

    public void receive(@Body byte[] file, @Header(Exchange.FILE_NAME_ONLY) String name,
                        @Header(Exchange.FILE_PARENT) String folder) throws IOException {
        CsvDropNormalizer.Result result;
        try {
            result = normalizer().normalize(file, calendar.today());
        } catch (IllegalArgumentException e) {
            sidecar(Path.of(folder, "error", name + ".error.txt"), List.of(e.getMessage()));
            throw e; // the file component moves the file to error/
        }
        UsageStore.Stored stored = store.store(null, module, calendar.today(), result.page());
        metrics.records(module, stored.inserted(), stored.quarantined());
        if (!result.rejectedLines().isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("line,reason");
            lines.addAll(result.rejectedLines());
            sidecar(Path.of(folder, "done", name + ".rejected.csv"), lines);
        }
    }

    private static void sidecar(Path path, List<String> lines) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, lines, StandardCharsets.UTF_8);
    }

    /** Per file, so the catalog's billing types are the current ones. */
    private CsvDropNormalizer normalizer() {
        if (separator.length() != 1) {
            throw new IllegalStateException("module " + module + ": separator must be one character, not '" + separator + "'");
        }
        return new CsvDropNormalizer(new JsonShape(module, "rows", orgIdColumn, orgNameColumn,
                billingType == null ? billingTypeColumn : null, billingType, quantityColumn, false,
                BigDecimal.valueOf(1_000_000_000), assetIdColumn, usageDateColumn, recordIdColumn, null, null,
                mappings.billingTypesOf(module)), separator.charAt(0));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public void setStore(UsageStore v) { store = v; }
    public void setMetrics(BillingMetrics v) { metrics = v; }
    public void setMappings(MappingLoader v) { mappings = v; }
    public void setCalendar(TenantCalendar v) { calendar = v; }
    public void setModule(String v) { module = v; }
    public void setSeparator(String v) { separator = v; }
    public void setOrgIdColumn(String v) { orgIdColumn = blankToNull(v); }
    public void setOrgNameColumn(String v) { orgNameColumn = blankToNull(v); }
    public void setBillingTypeColumn(String v) { billingTypeColumn = blankToNull(v); }
    public void setBillingType(String v) { billingType = blankToNull(v); }
    public void setQuantityColumn(String v) { quantityColumn = blankToNull(v); }
    public void setAssetIdColumn(String v) { assetIdColumn = blankToNull(v); }
    public void setUsageDateColumn(String v) { usageDateColumn = blankToNull(v); }
    public void setRecordIdColumn(String v) { recordIdColumn = blankToNull(v); }
}
