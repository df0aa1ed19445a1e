package io.usagebilling.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A module dropping its daily usage file in its folder, in the column layout its
 * {@code routes/sources/<id>-source.camel.yaml} configures; written under another name and renamed, as a
 * careful exporter does.
 */
public final class CsvDropWriter {

    private static final Path TEMPLATE = Path.of("routes", "templates", "csv-drop-source.camel.yaml");

    private CsvDropWriter() {}

    /** Drops the file (written under another name, then renamed) and returns where it was dropped. */
    public static Path drop(Path dropDir, String module, LocalDate day, List<ModuleUsageGenerator.Usage> usage) {
        Map<String, String> p = TemplatedRouteParameters.of(TEMPLATE, Path.of("routes", "sources", module + "-source.camel.yaml"));
        // a column the layout names for two fields (record id and asset id, say) is written once, holding the later field
        Map<String, Function<ModuleUsageGenerator.Usage, String>> columns = new LinkedHashMap<>();
        columns.put(p.get("recordIdColumn"), ModuleUsageGenerator.Usage::recordId);
        columns.put(p.get("orgIdColumn"), ModuleUsageGenerator.Usage::orgId);
        columns.put(p.get("orgNameColumn"), u -> quoted(u.orgName()));
        columns.put(p.get("assetIdColumn"), ModuleUsageGenerator.Usage::assetId);
        columns.put(p.get("quantityColumn"), u -> u.quantity().toPlainString());
        columns.put(p.get("usageDateColumn"), u -> day.toString());
        if (p.get("billingType").isBlank()) {
            columns.put(p.get("billingTypeColumn"), ModuleUsageGenerator.Usage::billingType);
        }
        String sep = p.get("separator");
        StringBuilder csv = new StringBuilder(String.join(sep, columns.keySet())).append('\n');
        for (ModuleUsageGenerator.Usage u : usage) {
            csv.append(columns.values().stream().map(field -> field.apply(u)).collect(Collectors.joining(sep))).append('\n');
        }
        Path dropped = dropDir.resolve(module).resolve(module + "-" + day + ".csv");
        try {
            Files.createDirectories(dropped.getParent());
            Path partial = dropped.resolveSibling(dropped.getFileName() + ".part");
            Files.writeString(partial, csv, StandardCharsets.UTF_8);
            Files.move(partial, dropped);
            return dropped;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the application has moved every file dropped to done/ or error/: the modules' files of a
     * day dropped first, then waited for together, are taken in side by side.
     */
    public static void awaitTakenIn(List<Path> dropped, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        try {
            for (Path file : dropped) {
                Path folder = file.getParent();
                while (!Files.exists(folder.resolve("done").resolve(file.getFileName()))
                        && !Files.exists(folder.resolve("error").resolve(file.getFileName()))) {
                    if (System.nanoTime() > until) {
                        throw new IllegalStateException(file + " was not picked up within " + timeout);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
