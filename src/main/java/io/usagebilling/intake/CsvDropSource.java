package io.usagebilling.intake;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.intake.normalize.CsvDropNormalizer;
import io.usagebilling.intake.normalize.JsonShape;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.observe.BillingMetrics;
import io.usagebilling.store.StoreException;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
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
 * giving line and reason per rejected row; a file that cannot be read (or stored) moves to
 * {@code error/} with {@code <file>.error.txt} giving the reason and what of it was stored before.
 */
public final class CsvDropSource {

    private static final Pattern DAY_IN_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Rows stored per transaction: memory stays bounded whatever the file's size. */
    private static final int BATCH_ROWS = 5_000;

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

    /**
     * Stores the file's rows batch by batch, each batch in its own transaction, so a file of any size
     * takes bounded memory and a file that breaks part-way keeps the rows before the break (dropped
     * again once fixed, those count as duplicates). The rejected rows' sidecar is written as they come.
     */
    public void receive(@Body File file, @Header(Exchange.FILE_NAME_ONLY) String name,
                        @Header(Exchange.FILE_PARENT) String folder) throws IOException {
        Path rejectedPart = Path.of(folder, "." + name + ".rejected.part");
        long[] stored = new long[2];
        long rows;
        try (InputStream in = Files.newInputStream(file.toPath());
                RejectedRows rejected = new RejectedRows(rejectedPart)) {
            rows = normalizer().normalize(in, calendar.today(), BATCH_ROWS, batch -> {
                UsageStore.Stored s = store.storePushed(module, calendar.today(), batch.page());
                metrics.records(module, s.inserted(), s.quarantined());
                stored[0] += s.inserted() + s.duplicates() + s.corrected();
                stored[1] += s.quarantined();
                rejected.add(batch.rejectedLines());
            });
            Optional<LocalDate> completeDay = completeDay(name, rows);
            if (completeDay.isPresent()) { // the file's word that its day is complete
                store.storePushed(module, calendar.today(), new SourcePage(List.of(), List.of(), null, null),
                        c -> UsageStore.markComplete(c, module, List.of(completeDay.get())));
            }
        } catch (IllegalArgumentException | StoreException e) {
            String stand = stored[0] + stored[1] == 0 ? "nothing of the file was stored"
                    : "the " + stored[0] + " rows (and " + stored[1] + " rejected) before it were stored; once fixed,"
                            + " drop the file again: those count as duplicates";
            moveSidecar(rejectedPart, Path.of(folder, "error", name + ".rejected.csv"));
            sidecar(Path.of(folder, "error", name + ".error.txt"), List.of(e.getMessage() + " (" + stand + ")"));
            throw e; // the file component moves the file to error/
        }
        moveSidecar(rejectedPart, Path.of(folder, "done", name + ".rejected.csv"));
    }

    /** The sidecar of rejected rows ({@code line,reason}), written as the batches come, begun at the first. */
    private static final class RejectedRows implements AutoCloseable {
        private final Path path;
        private BufferedWriter out;

        RejectedRows(Path path) throws IOException {
            this.path = path;
            Files.deleteIfExists(path);
        }

        void add(List<String> lines) throws IOException {
            if (lines.isEmpty()) {
                return;
            }
            if (out == null) {
                out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
                out.write("line,reason\n");
            }
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
    }

    private static void moveSidecar(Path part, Path to) throws IOException {
        if (Files.exists(part)) {
            Files.createDirectories(to.getParent());
            Files.move(part, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A file with the header row only, named for a day ({@code kob-2026-09-27.csv}), says that day is
     * complete with nothing in use: the module's lines are then computed for it, as 0.
     */
    private Optional<LocalDate> completeDay(String name, long rows) {
        Matcher day = DAY_IN_NAME.matcher(name);
        if (rows > 0 || !day.find()) {
            return Optional.empty();
        }
        LocalDate date = TenantCalendar.parseDate(day.group());
        calendar.requireOver(date);
        return Optional.of(date);
    }

    /** Written under another name, then moved: whoever watches error/ never reads half a reason. */
    private static void sidecar(Path path, List<String> lines) throws IOException {
        Files.createDirectories(path.getParent());
        Path part = path.resolveSibling(path.getFileName() + ".part");
        Files.write(part, lines, StandardCharsets.UTF_8);
        moveSidecar(part, path);
    }

    /** Per file, so the catalog's billing types are the current ones. */
    private CsvDropNormalizer normalizer() {
        String separator = parameters.raw("separator");
        if (separator == null || separator.length() != 1) {
            throw new IllegalStateException("module " + module + ": separator must be one character, not '" + separator + "'");
        }
        String billingType = parameters.text("billingType");
        return new CsvDropNormalizer(new JsonShape(module, "rows", parameters.text("orgIdColumn"),
                parameters.text("orgNameColumn"), null, billingType == null ? parameters.text("billingTypeColumn") : null,
                billingType, parameters.text("quantityColumn"), false, BigDecimal.valueOf(1_000_000_000),
                parameters.text("assetIdColumn"), parameters.text("usageDateColumn"), parameters.text("recordIdColumn"),
                null, null, mappings.billingTypesOf(module)), separator.charAt(0));
    }
}
