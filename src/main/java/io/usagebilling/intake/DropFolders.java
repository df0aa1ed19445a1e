package io.usagebilling.intake;

import io.usagebilling.mapping.MappingLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CSV modules' drop folders, as a sync sees them: before a day is computed, every file already
 * dropped is taken in by its module's csv-drop-source route (moved to done/ or error/), so a sync that
 * starts right after a file was dropped (a one-shot {@code sync}) cannot miss it.
 */
public final class DropFolders {

    private static final Duration LOOK_AGAIN = Duration.ofMillis(50);

    private final Path dropDir;
    private final MappingLoader mappings;
    private final Duration timeout;

    public DropFolders(Path dropDir, MappingLoader mappings, Duration timeout) {
        this.dropDir = dropDir;
        this.mappings = mappings;
        this.timeout = timeout;
    }

    /** Waits until the files waiting now have been taken in; a file still there after the timeout fails the sync. */
    public void awaitTakenIn() throws InterruptedException {
        List<Path> waiting = waiting();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Path> left = waiting.stream().filter(Files::exists).toList();
            if (left.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("CSV files not taken in after " + timeout.toSeconds() + " s: " + left);
            }
            Thread.sleep(LOOK_AGAIN.toMillis());
        }
    }

    /** Files the csv-drop-source routes read: *.csv directly in a CSV module's folder. */
    private List<Path> waiting() {
        List<Path> files = new ArrayList<>();
        for (String module : mappings.csvModules()) {
            Path folder = dropDir.resolve(module);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> listed = Files.list(folder)) {
                listed.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".csv")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
