package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.RecentSightings.Sighting;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentSightingsTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 10);

    private final RecentSightings sightings = new RecentSightings(1000);

    @Test
    void aPageNamingAnOrganizationManyTimesUpsertsItOnceWithItsWholeSpanAndLatestName() {
        List<Sighting> unwritten = sightings.unwritten(List.of(
                record("org-1", "Acme", D), record("org-1", "Acme Corp", D.plusDays(2)), record("org-1", "Old", D.minusDays(1)),
                record("org-2", "Birch", D)));

        assertThat(unwritten).containsExactly(
                new Sighting("rmm", "org-1", "Acme Corp", D.minusDays(1), D.plusDays(2)),
                new Sighting("rmm", "org-2", "Birch", D, D));
    }

    @Test
    void onlyWhatWouldChangeTheRowIsUpsertedAgain() {
        sightings.written(sightings.unwritten(List.of(record("org-1", "Acme", D.minusDays(3)), record("org-1", "Acme", D))));

        assertThat(sightings.unwritten(List.of(record("org-1", "Acme", D), record("org-1", "Other", D.minusDays(1)))))
                .as("inside the span, or the last day under its name: nothing changes").isEmpty();
        assertThat(sightings.unwritten(List.of(record("org-1", "Acme", D.plusDays(1))))).hasSize(1);
        assertThat(sightings.unwritten(List.of(record("org-1", "Renamed", D)))).hasSize(1);
        assertThat(sightings.unwritten(List.of(record("org-1", "Acme", D.minusDays(4))))).hasSize(1);
        assertThat(sightings.unwritten(List.of(new UsageRecord("backup", "org-1", "Acme", "devices", null, BigDecimal.ONE, D, "org-1")))).hasSize(1);
    }

    @Test
    void notWrittenUntilTheTransactionCommitted() {
        List<UsageRecord> page = List.of(record("org-1", "Acme", D));
        sightings.unwritten(page); // the transaction rolled back: written() never called
        assertThat(sightings.unwritten(page)).hasSize(1);
    }

    @Test
    void pastItsCapacityItForgetsAndUpsertsAgain() {
        RecentSightings small = new RecentSightings(2);
        small.written(small.unwritten(List.of(record("a", "A", D), record("b", "B", D))));
        assertThat(small.unwritten(List.of(record("a", "A", D)))).isEmpty();
        small.written(small.unwritten(List.of(record("c", "C", D))));
        assertThat(small.unwritten(List.of(record("a", "A", D)))).hasSize(1);
    }

    private static UsageRecord record(String org, String name, LocalDate day) {
        return new UsageRecord("rmm", org, name, "devices", null, BigDecimal.ONE, day, org);
    }
}
