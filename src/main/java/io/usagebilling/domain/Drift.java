package io.usagebilling.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Dates {@code from} to {@code to} (both included) where a PSA line held {@code psaUnits} while the
 * usage says {@code targetUnits}: a hand edit at the PSA, a change made by another tool, a delivery
 * that never happened. Both sides are step functions (each key the first date of its value).
 */
public record Drift(LocalDate from, LocalDate to, BigDecimal psaUnits, BigDecimal targetUnits) {

    /** What the PSA holds beyond the usage (negative: short of it). */
    public BigDecimal excess() {
        return psaUnits.subtract(targetUnits);
    }

    /**
     * The runs of dates in [{@code from}, {@code to}] where the two differ, each as long as both stay
     * the same. Dates before the target's first key have no known target and are not compared.
     */
    public static List<Drift> between(NavigableMap<LocalDate, BigDecimal> psa, NavigableMap<LocalDate, BigDecimal> target,
            LocalDate from, LocalDate to) {
        TreeSet<LocalDate> points = new TreeSet<>(psa.subMap(from, true, to, true).keySet());
        points.addAll(target.subMap(from, true, to, true).keySet());
        points.add(from);
        List<Drift> drifts = new ArrayList<>();
        for (LocalDate point : points) {
            BigDecimal p = valueOn(psa, point);
            BigDecimal t = valueOn(target, point);
            LocalDate end = points.higher(point) == null ? to : points.higher(point).minusDays(1);
            if (t == null || p == null || p.compareTo(t) == 0) {
                continue;
            }
            Drift last = drifts.isEmpty() ? null : drifts.get(drifts.size() - 1);
            if (last != null && last.to().plusDays(1).equals(point) && last.psaUnits().compareTo(p) == 0
                    && last.targetUnits().compareTo(t) == 0) {
                drifts.set(drifts.size() - 1, new Drift(last.from(), end, p, t));
            } else {
                drifts.add(new Drift(point, end, p, t));
            }
        }
        return drifts;
    }

    /**
     * The dates to deliver the target again so the PSA equals it over the range: each drift's first
     * date, and the day after it ends (within the range), because an adjustment at a date moves every
     * later date too and the dates after the drift were right.
     */
    public static SortedSet<LocalDate> fixDates(List<Drift> drifts, LocalDate to) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (Drift d : drifts) {
            dates.add(d.from());
            if (d.to().isBefore(to)) {
                dates.add(d.to().plusDays(1));
            }
        }
        return dates;
    }

    private static BigDecimal valueOn(NavigableMap<LocalDate, BigDecimal> steps, LocalDate date) {
        Map.Entry<LocalDate, BigDecimal> e = steps.floorEntry(date);
        return e == null ? null : e.getValue();
    }
}
