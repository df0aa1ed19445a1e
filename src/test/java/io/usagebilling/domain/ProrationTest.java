package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ProrationTest {

    @Test
    void dailySendsEachDayEffectiveThatDay() {
        assertThat(Proration.DAILY.effectiveDate(LocalDate.of(2026, 9, 14))).contains(LocalDate.of(2026, 9, 14));
    }

    @Test
    void monthEndSendsOnlyTheLastDayEffectiveTheFirstOfNextMonth() {
        assertThat(Proration.MONTH_END.effectiveDate(LocalDate.of(2026, 9, 29))).isEmpty();
        assertThat(Proration.MONTH_END.effectiveDate(LocalDate.of(2026, 9, 30))).contains(LocalDate.of(2026, 10, 1));
        assertThat(Proration.MONTH_END.effectiveDate(LocalDate.of(2028, 2, 28))).isEmpty();
        assertThat(Proration.MONTH_END.effectiveDate(LocalDate.of(2028, 2, 29))).contains(LocalDate.of(2028, 3, 1));
        assertThat(Proration.MONTH_END.effectiveDate(LocalDate.of(2026, 12, 31))).contains(LocalDate.of(2027, 1, 1));
    }

    @Test
    void codesAreTheMappingFileWords() {
        assertThat(Proration.fromCode("daily")).isEqualTo(Proration.DAILY);
        assertThat(Proration.fromCode("month_end")).isEqualTo(Proration.MONTH_END);
        assertThatThrownBy(() -> Proration.fromCode("weekly")).hasMessageContaining("'weekly'");
    }

    @Test
    void monthEndSendsOncePerMonthOnTheFirst() {
        Properties.qt().forAll(Gens.dates(LocalDate.of(2000, 1, 1), LocalDate.of(2100, 12, 31))).checkAssert(day ->
                Proration.MONTH_END.effectiveDate(day).ifPresentOrElse(
                        effective -> {
                            assertThat(effective.getDayOfMonth()).isEqualTo(1);
                            assertThat(effective.minusDays(1)).isEqualTo(day);
                        },
                        () -> assertThat(day.plusDays(1).getMonth()).isEqualTo(day.getMonth())));
    }
}
