package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillableDaysTest {

    @Test
    void trialUnitsAreTakenOffTheirDayOnlyAndNeverBelowZero() {
        LocalDate d1 = LocalDate.of(2026, 9, 1);
        LocalDate d2 = d1.plusDays(1);
        List<DayQuantity> measured = List.of(new DayQuantity(d1, new BigDecimal("5")), new DayQuantity(d2, new BigDecimal("2")));
        List<DayQuantity> trial = List.of(new DayQuantity(d1, new BigDecimal("2")), new DayQuantity(d2, new BigDecimal("3")));
        assertThat(BillableDays.lessTrials(measured, trial)).containsExactly(
                new DayQuantity(d1, new BigDecimal("3")), new DayQuantity(d2, BigDecimal.ZERO));
    }
}
