package io.usagebilling.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A PSA line's units over time are a step function, and an adjustment applies from its effective
 * date onwards: a change at date E moves every later date by the same amount. So after a change at E,
 * the next date after E whose target is known (a later day already synced) is delivered again from a
 * fresh read, which takes the line back to its target from there on; dates after that were right
 * before and are right again.
 */
public final class Timeline {

    private Timeline() {}

    /**
     * The dates to deliver again after changes at {@code changed}: for each, the first of {@code known}
     * after it, unless that date is changing itself.
     */
    public static SortedSet<LocalDate> followingDates(Collection<LocalDate> changed, NavigableSet<LocalDate> known) {
        SortedSet<LocalDate> following = new TreeSet<>();
        for (LocalDate date : changed) {
            LocalDate next = known.higher(date);
            if (next != null && !changed.contains(next)) {
                following.add(next);
            }
        }
        return following;
    }
}
