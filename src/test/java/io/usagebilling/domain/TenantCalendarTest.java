package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TenantCalendarTest {

    @Test
    void yesterdayIsTheTenantsYesterdayNotUtcs() {
        // 03:30 UTC on Nov 23 is still Nov 22 in New York: the sync collects Nov 21.
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T03:30:00Z"), ZoneOffset.UTC);
        TenantCalendar newYork = new TenantCalendar(ZoneId.of("America/New_York"), clock);
        TenantCalendar tokyo = new TenantCalendar(ZoneId.of("Asia/Tokyo"), clock);
        assertThat(newYork.yesterday()).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(tokyo.yesterday()).isEqualTo(LocalDate.of(2026, 11, 22));
    }

    @Test
    void badDatesSayWhatWasExpected() {
        assertThat(TenantCalendar.parseDate("2026-02-28")).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThatThrownBy(() -> TenantCalendar.parseDate("2026-02-30"))
                .hasMessage("not a date (expected YYYY-MM-DD): '2026-02-30'");
    }
}
