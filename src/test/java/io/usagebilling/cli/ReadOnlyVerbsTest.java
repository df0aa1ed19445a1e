package io.usagebilling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verbs that never call the PSA run with no PSA settings at all (the shipped configuration, nothing set). */
class ReadOnlyVerbsTest {

    @TempDir
    Path data;

    @Test
    void readOnlyVerbsNeedNoPsaSettings() {
        for (List<String> verb : List.of(List.of("status"), List.of("unmapped"), List.of("licenses"),
                List.of("export", "--report", "invoices", "--month", "2026-11"),
                List.of("token", "--name", "reader", "--role", "provider"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String[] args = Stream.concat(verb.stream(), Stream.of("--data", data.toString()))
                    .toArray(String[]::new);

            int exit = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(exit).as(verb + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        }
    }
}
