package io.usagebilling.psa;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A line's units over a range as a step function, built from one read of the PSA's rows: the
 * units can only change where a row starts or the day after one ends, so they are worked out there.
 */
public final class UnitSteps {

    private UnitSteps() {}

    /**
     * Each key the first date of a run of equal units, the first key {@code from}.
     *
     * @param boundaries the dates a row of the line starts, and the days after rows end
     * @param unitsOn the units on a date, from the rows already read
     */
    public static NavigableMap<LocalDate, BigDecimal> of(LocalDate from, LocalDate to, Collection<LocalDate> boundaries,
            Function<LocalDate, BigDecimal> unitsOn) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range " + from + " to " + to + " ends before it starts");
        }
        NavigableMap<LocalDate, BigDecimal> steps = new TreeMap<>();
        steps.put(from, unitsOn.apply(from));
        boundaries.stream().filter(d -> d.isAfter(from) && !d.isAfter(to)).sorted().forEach(date -> {
            BigDecimal units = unitsOn.apply(date);
            if (steps.lastEntry().getValue().compareTo(units) != 0) {
                steps.put(date, units);
            }
        });
        return steps;
    }
}
