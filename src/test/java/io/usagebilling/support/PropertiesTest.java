package io.usagebilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/** The fixed seeds, the number of tries, what {@code properties.seed}/{@code properties.tries} change, list shrinking. */
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
    void aFailureIsShrunkAndNamesItsSeedWhichRunsItAgain() {
        QuickTheory qt = Properties.qt();
        long seed = Properties.seed(PropertiesTest.class.getName() + "#aFailureIsShrunkAndNamesItsSeedWhichRunsItAgain");
        assertThatThrownBy(() -> qt.forAll(Gens.ints(0, 1_000_000)).checkAssert(n -> assertThat(n).isLessThan(1234)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Smallest found falsifying value(s) :-" + System.lineSeparator() + "1234")
                .hasMessageContaining("Seed was " + seed);
        System.setProperty(Properties.SEED, String.valueOf(seed));
        assertThat(values(50)).isEqualTo(valuesOf(Properties.qt(50)));
    }

    private static List<Long> valuesOf(QuickTheory qt) {
        List<Long> seen = new ArrayList<>();
        qt.forAll(Gens.longs()).checkAssert(seen::add);
        return seen;
    }

    @Test
    void propertiesOverTheSameGeneratorsTryDifferentValues() {
        assertThat(valuesOf(Properties.qt(50))).isNotEqualTo(values(50));
    }

    @Test
    void aFailingListLosesEveryElementItCanAndIsPrintedOneALine() {
        List<Integer> hundred = IntStream.rangeClosed(1, 100).boxed().toList();
        Consumer<List<Integer>> needs37And80 = list -> assertThat(list.contains(37) && list.contains(80)).isFalse();
        ListCheck.Shrunk<Integer> shrunk = ListCheck.removeRuns(hundred, new AssertionError("first"), needs37And80);
        assertThat(shrunk.list()).containsExactly(37, 80);
        assertThat(shrunk.runs()).isLessThanOrEqualTo(ListCheck.MAX_REMOVAL_RUNS);

        assertThatThrownBy(() -> Properties.checkList(Properties.qt(), Gens.lists(Gens.ints(0, 100), 1, 100), "number",
                list -> assertThat(list).doesNotContain(37)))
                .hasMessageContaining("the shortest failing list found has 1 number:")
                .hasMessageContaining(System.lineSeparator() + "number 1: 37" + System.lineSeparator());
    }
}
