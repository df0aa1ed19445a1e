package io.usagebilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fixed seed, the number of tries and what {@code properties.seed}/{@code properties.tries} change. */
class PropertiesTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty(Properties.SEED);
        System.clearProperty(Properties.TRIES);
    }

    private static List<Long> values(int tries) {
        List<Long> seen = new ArrayList<>();
        Properties.qt(tries).forAll(Gens.longs()).checkAssert(seen::add);
        return seen;
    }

    @Test
    void aPropertyRunsItsTriesOnTheSameValuesEveryRun() {
        List<Long> first = values(300);
        assertThat(first).hasSize(300);
        assertThat(values(300)).isEqualTo(first);
    }

    @Test
    void anotherSeedTriesOtherValues() {
        List<Long> fixed = values(50);
        System.setProperty(Properties.SEED, "7");
        List<Long> seven = values(50);
        assertThat(seven).isNotEqualTo(fixed);
        assertThat(values(50)).isEqualTo(seven);
        System.setProperty(Properties.SEED, "random");
        assertThat(values(50)).isNotEqualTo(fixed);
    }

    @Test
    void triesAreScaledOrSetOnDemand() {
        assertThat(Properties.tries(40)).isEqualTo(40);
        System.setProperty(Properties.TRIES, "3x");
        assertThat(Properties.tries(40)).isEqualTo(120);
        assertThat(values(40)).hasSize(120);
        System.setProperty(Properties.TRIES, "25");
        assertThat(Properties.tries(1000)).isEqualTo(25);
        System.setProperty(Properties.TRIES, "0x");
        assertThatThrownBy(() -> Properties.tries(40)).hasMessageContaining("properties.tries");
    }

    @Test
    void aFailureIsShrunkAndNamesItsSeed() {
        assertThatThrownBy(() -> Properties.qt().forAll(Gens.ints(0, 1_000_000)).checkAssert(n -> assertThat(n).isLessThan(1234)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Smallest found falsifying value(s) :-" + System.lineSeparator() + "1234")
                .hasMessageContaining("Seed was " + Properties.DEFAULT_SEED);
    }
}
