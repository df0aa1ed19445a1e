package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final LocalDate D1 = LocalDate.of(2026, 9, 1);
    private static final LocalDate D2 = D1.plusDays(1);
    private static final LocalDate D3 = D1.plusDays(2);
    private static final LocalDate D4 = D1.plusDays(3);

    @Test
    void aChangeBeforeSyncedDaysIsFollowedByTheNextOfThem() {
        assertThat(Timeline.followingDates(List.of(D1), new TreeSet<>(List.of(D1, D3, D4)))).containsExactly(D3);
    }

    @Test
    void theLastSyncedDayIsFollowedByNothing() {
        assertThat(Timeline.followingDates(List.of(D4), new TreeSet<>(List.of(D1, D2, D3, D4)))).isEmpty();
    }

    @Test
    void aDateThatChangesItselfNeedsNoSecondDelivery() {
        assertThat(Timeline.followingDates(List.of(D1, D2), new TreeSet<>(List.of(D1, D2, D3)))).containsExactly(D3);
        assertThat(Timeline.followingDates(List.of(D1, D3), new TreeSet<>(List.of(D1, D2, D3, D4)))).containsExactly(D2, D4);
    }
}
