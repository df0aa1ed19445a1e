package io.usagebilling.psa;

import io.usagebilling.psa.PsaException.Outcome;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A contract line the PSA keeps as dated rows, each a quantity from its start through its end (null:
 * open): ConnectWise's agreement additions, HaloPSA's recurring-invoice lines. The units on a day are
 * the sum of the rows in force. A change keeps the billing trail: the row in force ends the day before
 * and a new row starts on the effective date, running until the day before the next row starts, if
 * any; a row that already starts that day is changed in place. So a change holds until the line's next
 * change, and the delivery's read of that next date (domain.Timeline) finds it as it was.
 */
public final class DatedRows {

    /** One row as read from the PSA. */
    public record Row(long id, BigDecimal quantity, LocalDate start, LocalDate end) {
        public boolean inForceOn(LocalDate day) {
            return !start.isAfter(day) && (end == null || !end.isBefore(day));
        }
    }

    /**
     * How to make a change: {@code current} is the row in force on {@code start} (null: none); the line
     * holds {@code quantity} from {@code start} until {@code until} (null: open).
     */
    public record Change(Row current, BigDecimal quantity, LocalDate start, LocalDate until) {

        /** The row in force starts on the effective date: its quantity is set, nothing else changes. */
        public boolean inPlace() {
            return current != null && current.start().equals(start);
        }

        /** The row in force (started earlier) ends the day before the new row starts. */
        public boolean endsCurrent() {
            return current != null && !inPlace();
        }
    }

    /**
     * A line's units as a step function with the rows they were read from (all of the line's, whatever the
     * range): what a write of the line in the same run starts from, instead of reading them again.
     */
    public static final class Read extends TreeMap<LocalDate, BigDecimal> {
        private static final long serialVersionUID = 1L;
        private final transient List<Row> rows;

        private Read(NavigableMap<LocalDate, BigDecimal> steps, List<Row> rows) {
            super(steps);
            this.rows = List.copyOf(rows);
        }

        public List<Row> rows() {
            return rows;
        }
    }

    private DatedRows() {}

    /** The rows' units from {@code from} to {@code to} as a step function (see {@link UnitSteps}). */
    public static Read steps(List<Row> rows, LocalDate from, LocalDate to) {
        List<LocalDate> boundaries = new ArrayList<>();
        for (Row r : rows) {
            boundaries.add(r.start());
            if (r.end() != null) {
                boundaries.add(r.end().plusDays(1));
            }
        }
        return new Read(UnitSteps.of(from, to, boundaries, date -> rows.stream().filter(r -> r.inForceOn(date))
                .map(Row::quantity).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros()), rows);
    }

    /**
     * The change of {@code unitChange} units effective {@code effective}; REJECTED when several rows are
     * in force that day (which one to change is not ours to guess).
     */
    public static Change change(List<Row> rows, LocalDate effective, BigDecimal unitChange, String what) {
        List<Row> inForce = rows.stream().filter(r -> r.inForceOn(effective)).toList();
        if (inForce.size() > 1) {
            throw new PsaException(Outcome.REJECTED, what + ": " + inForce.size() + " rows of the line are in force on "
                    + effective + "; one is expected");
        }
        Row current = inForce.isEmpty() ? null : inForce.get(0);
        BigDecimal quantity = (current == null ? BigDecimal.ZERO : current.quantity()).add(unitChange);
        // a back-dated change runs until the next row starts: never two rows in force
        LocalDate until = rows.stream().map(Row::start).filter(start -> start.isAfter(effective)).min(LocalDate::compareTo)
                .map(next -> next.minusDays(1)).orElse(null);
        return new Change(current, quantity, effective, until);
    }
}
