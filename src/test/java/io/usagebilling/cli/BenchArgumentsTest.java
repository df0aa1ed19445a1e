package io.usagebilling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench verb's options as the command line gives them. */
class BenchArgumentsTest {

    @Test
    void theSyncBenchTakesThePsaItDeliversTo() {
        Arguments a = Arguments.parse(new String[] {"bench", "--records", "250000", "--lines", "60", "--psa", "halopsa"});
        assertThat(a.option("psa")).isEqualTo("halopsa");
        assertThat(a.intOption("lines", 0)).isEqualTo(60);
    }
}
