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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern DAY_IN_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final UsageStore store;
    private final BillingMetrics metrics;
    private final MappingLoader mappings;
    private final TenantCalendar calendar;
    private final TemplateParameters parameters;
    private final String module;

    private CsvDropSource(UsageStore store, BillingMetrics metrics, MappingLoader mappings, TenantCalendar calendar,
            TemplateParameters parameters) {
        this.store = store;
        this.metrics = metrics;
        this.mappings = mappings;
        this.calendar = calendar;
        this.parameters = parameters;
        this.module = parameters.text("module");
    }

    /** The bean of one module's csv-drop-source route (see app.TemplateBean). */
    public static CsvDropSource fromTemplate(TemplateParameters p) {
        return new CsvDropSource(p.bean(UsageStore.class), p.bean(BillingMetrics.class), p.bean(MappingLoader.class),
                p.bean(TenantCalendar.class), p);
    }

    public void receive(@Body byte[] file, @Header(Exchange.FILE_NAME_ONLY) String name,
                        @Header(Exchange.FILE_PARENT) String folder) throws IOException {
        CsvDropNormalizer.Result result;
        Optional<LocalDate> completeDay;
        try {
            result = normalizer().normalize(file, calendar.today());
            completeDay = completeDay(name, result);
        } catch (IllegalArgumentException e) {
            sidecar(Path.of(folder, "error", name + ".error.txt"), List.of(e.getMessage()));
            throw e; // the file component moves the file to error/
        }
        // the file's word that its day is complete commits with its rows, or not at all
        UsageStore.Stored stored;
        try {
            stored = store.store(null, module, calendar.today(), result.page(),
                    c -> UsageStore.markComplete(c, module, completeDay.stream().toList()));
        } catch (RuntimeException e) {
            sidecar(Path.of(folder, "error", name + ".error.txt"), List.of("not stored: " + e.getMessage()));
            throw e; // nothing of the file was stored: it moves to error/, to be dropped again
        }
        metrics.records(module, stored.inserted(), stored.quarantined());
        if (!result.rejectedLines().isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("line,reason");
            lines.addAll(result.rejectedLines());
            sidecar(Path.of(folder, "done", name + ".rejected.csv"), lines);
        }
    }

    /**
     * A file with the header row only, named for a day ({@code kob-2026-09-27.csv}), says that day is
     * complete with nothing in use: the module's lines are then computed for it, as 0.
     */
    private Optional<LocalDate> completeDay(String name, CsvDropNormalizer.Result result) {
        Matcher day = DAY_IN_NAME.matcher(name);
        if (!result.page().records().isEmpty() || !result.rejectedLines().isEmpty() || !day.find()) {
            return Optional.empty();
        }
        LocalDate date = TenantCalendar.parseDate(day.group());
        calendar.requireOver(date);
        return Optional.of(date);
    }

    private static void sidecar(Path path, List<String> lines) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, lines, StandardCharsets.UTF_8);
    }

    /** Per file, so the catalog's billing types are the current ones. */
    private CsvDropNormalizer normalizer() {
        String separator = parameters.raw("separator");
        if (separator == null || separator.length() != 1) {
            throw new IllegalStateException("module " + module + ": separator must be one character, not '" + separator + "'");
        }
        String billingType = parameters.text("billingType");
        return new CsvDropNormalizer(new JsonShape(module, "rows", parameters.text("orgIdColumn"),
                parameters.text("orgNameColumn"), billingType == null ? parameters.text("billingTypeColumn") : null,
                billingType, parameters.text("quantityColumn"), false, BigDecimal.valueOf(1_000_000_000),
                parameters.text("assetIdColumn"), parameters.text("usageDateColumn"), parameters.text("recordIdColumn"),
                null, null, mappings.billingTypesOf(module)), separator.charAt(0));
    }
}
