package io.usagebilling.sim;

import io.usagebilling.mapping.Mappings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The demo's modules that push their usage: each callback module posts its day's batch, signed, to
 * the application; each CSV module drops its day's file and waits until it has been taken in.
 */
public final class PushedModules {

    private final Mappings mappings;
    private final CallbackClient callbacks;
    private final Function<String, String> secrets;
    private final Path dropDir;

    public PushedModules(Mappings mappings, CallbackClient callbacks, Function<String, String> secrets, Path dropDir) {
        this.mappings = mappings;
        this.callbacks = callbacks;
        this.secrets = secrets;
        this.dropDir = dropDir;
    }

    /** Every pushing module's usage of {@code day}, the {@code dayIndex}-th day of the demo. */
    public void push(LocalDate day, int dayIndex) {
        List<Path> dropped = new ArrayList<>();
        for (Mappings.Module m : mappings.modules()) {
            switch (m.source()) {
                case "callback" -> callbacks.push(m.id(), secrets.apply(m.id()), day, ModuleUsageGenerator.day(m, dayIndex));
                case "csv" -> dropped.add(CsvDropWriter.drop(dropDir, m.id(), day, ModuleUsageGenerator.day(m, dayIndex)));
                default -> { } // polled modules are asked by the sync itself
            }
        }
        CsvDropWriter.awaitTakenIn(dropped, Duration.ofSeconds(30));
    }
}
