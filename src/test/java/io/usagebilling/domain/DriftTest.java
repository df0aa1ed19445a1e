package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DriftTest {

    private static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    private static final int DAYS = 20;
    private static final LocalDate TO = FROM.plusDays(DAYS - 1);

    @Test
    void aHandEditIsADriftFromItsDateToTheNextChange() {
        NavigableMap<LocalDate, BigDecimal> psa = steps(FROM, 10, FROM.plusDays(14), 15, FROM.plusDays(19), 10);
        NavigableMap<LocalDate, BigDecimal> target = steps(FROM.minusDays(30), 10);
        assertThat(Drift.between(psa, target, FROM, TO)).containsExactly(
                new Drift(FROM.plusDays(14), FROM.plusDays(18), BigDecimal.valueOf(15), BigDecimal.TEN));
        assertThat(Drift.fixDates(Drift.between(psa, target, FROM, TO), TO))
                .containsExactly(FROM.plusDays(14), FROM.plusDays(19));
    }

    @Test
    void datesBeforeTheFirstTargetAreNotCompared() {
        NavigableMap<LocalDate, BigDecimal> psa = steps(FROM, 3);
        NavigableMap<LocalDate, BigDecimal> target = steps(FROM.plusDays(5), 3);
        assertThat(Drift.between(psa, target, FROM, TO)).isEmpty();
    }

    /** The drifts are exactly the days the two differ, and delivering the target at the fix dates (each
     * adjustment moving every later date) leaves the PSA equal to the target on every compared day. */
    @Test
    void fixingTheFixDatesMakesThePsaEqualTheTargetEverywhere() {
        Properties.qt().forAll(Gens.lists(Gens.ints(0, 3), DAYS), Gens.lists(Gens.ints(0, 3), DAYS), Gens.ints(0, DAYS))
                .checkAssert((psaDays, targetDays, unknown) -> {
                    int[] psa = psaDays.stream().mapToInt(Integer::intValue).toArray();
                    NavigableMap<LocalDate, BigDecimal> target = daily(targetDays.subList(unknown, DAYS), FROM.plusDays(unknown));
                    List<Drift> drifts = Drift.between(daily(psaDays, FROM), target, FROM, TO);
                    for (int d = 0; d < DAYS; d++) {
                        LocalDate day = FROM.plusDays(d);
                        boolean differs = d >= unknown && psa[d] != targetDays.get(d);
                        assertThat(drifts.stream().anyMatch(x -> !day.isBefore(x.from()) && !day.isAfter(x.to())))
                                .as("day %s: PSA %s, usage %s", day, psa[d], targetDays.get(d)).isEqualTo(differs);
                    }
                    for (LocalDate date : Drift.fixDates(drifts, TO)) {
                        int d = (int) (date.toEpochDay() - FROM.toEpochDay());
                        int change = targetDays.get(d) - psa[d];
                        for (int later = d; later < DAYS; later++) {
                            psa[later] += change;
                        }
                    }
                    for (int d = unknown; d < DAYS; d++) {
                        assertThat(psa[d]).as("after the fixes, day %s", FROM.plusDays(d)).isEqualTo(targetDays.get(d));
                    }
                });
    }

    private static NavigableMap<LocalDate, BigDecimal> daily(List<Integer> units, LocalDate first) {
        NavigableMap<LocalDate, BigDecimal> steps = new TreeMap<>();
        for (int i = 0; i < units.size(); i++) {
            steps.put(first.plusDays(i), BigDecimal.valueOf(units.get(i)));
        }
        return steps;
    }

    private static NavigableMap<LocalDate, BigDecimal> steps(Object... dateThenUnits) {
        List<Object> pairs = new ArrayList<>(List.of(dateThenUnits));
        NavigableMap<LocalDate, BigDecimal> steps = new TreeMap<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            steps.put((LocalDate) pairs.get(i), BigDecimal.valueOf((Integer) pairs.get(i + 1)));
        }
        return steps;
    }
}
