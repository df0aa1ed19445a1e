package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Golden lines, the arithmetic worked by hand in each comment. */
class LineChargeTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final YearMonth SEPTEMBER = YearMonth.of(2026, 9);

    @Test
    void dailyWithAMidMonthIncrease() {
        // 10 devices on 1-14 Sep, 12 on 15-30 Sep at $3.00:
        // (14×10 + 16×12) = 332 device-days × 3.00 = 996.00 ÷ 30 days = 33.20; average 332/30 = 11.0667 devices.
        List<DayQuantity> days = range(1, 14, "10");
        days.addAll(range(15, 30, "12"));
        LineCharge line = LineCharge.of(SEPTEMBER, Proration.DAILY, days, flat("3.00"), USD);
        assertThat(line.amount()).isEqualTo(Money.of("33.20", "USD"));
        assertThat(line.quantity()).isEqualByComparingTo("11.0667");
        assertThat(line.unitPrice()).isEqualByComparingTo("3.00");
    }

    @Test
    void monthEndBillsTheLastDaysQuantity() {
        // 7, 8, 9 devices on 28-30 Sep, month_end at $3.00: 9 × 3.00 = 27.00.
        List<DayQuantity> days = List.of(day(28, "7"), day(29, "8"), day(30, "9"));
        LineCharge line = LineCharge.of(SEPTEMBER, Proration.MONTH_END, days, flat("3.00"), USD);
        assertThat(line.amount()).isEqualTo(Money.of("27.00", "USD"));
        assertThat(line.quantity()).isEqualByComparingTo("9");
    }

    @Test
    void aPriceChangeMidMonthPricesEachDayAtItsOwnPrice() {
        // 10 devices all September; $3.00 until 15 Sep, $3.50 from 16 Sep:
        // 15×10×3.00 = 450.00 + 15×10×3.50 = 525.00 → 975.00 ÷ 30 = 32.50.
        PriceCatalog catalog = new PriceCatalog(List.of(
                new Price("rmm", "devices", USD, new BigDecimal("3.00"), LocalDate.of(2026, 1, 1)),
                new Price("rmm", "devices", USD, new BigDecimal("3.50"), LocalDate.of(2026, 9, 16))));
        Function<LocalDate, BigDecimal> price = d -> catalog.unitPrice("rmm", "devices", USD, d).orElseThrow();
        LineCharge line = LineCharge.of(SEPTEMBER, Proration.DAILY, range(1, 30, "10"), price, USD);
        assertThat(line.amount()).isEqualTo(Money.of("32.50", "USD"));
        assertThat(line.unitPrice()).isEqualByComparingTo("3.50");
    }

    @Test
    void roundsOnceForTheWholeLineNotPerDay() {
        // 1 unit for 10 days at $1.00: 10 ÷ 30 = 0.3333 → 0.33 (rounding each day, 0.03 × 10, would give 0.30).
        LineCharge line = LineCharge.of(SEPTEMBER, Proration.DAILY, range(1, 10, "1"), flat("1.00"), USD);
        assertThat(line.amount()).isEqualTo(Money.of("0.33", "USD"));
    }

    @Test
    void missingDaysCountAsZeroAndOtherMonthsAreIgnored() {
        // 31 units on 1 Sep only, plus an August day that does not belong: 31 × 1.00 ÷ 30 = 1.0333 → 1.03.
        List<DayQuantity> days = List.of(day(1, "31"), new DayQuantity(LocalDate.of(2026, 8, 31), new BigDecimal("99")));
        assertThat(LineCharge.of(SEPTEMBER, Proration.DAILY, days, flat("1.00"), USD).amount())
                .isEqualTo(Money.of("1.03", "USD"));
        assertThat(LineCharge.of(SEPTEMBER, Proration.MONTH_END, days, flat("1.00"), USD).amount())
                .isEqualTo(Money.of("0.00", "USD"));
    }

    static Function<LocalDate, BigDecimal> flat(String price) {
        return d -> new BigDecimal(price);
    }

    private static DayQuantity day(int dayOfMonth, String quantity) {
        return new DayQuantity(SEPTEMBER.atDay(dayOfMonth), new BigDecimal(quantity));
    }

    private static List<DayQuantity> range(int from, int to, String quantity) {
        List<DayQuantity> days = new ArrayList<>();
        for (int d = from; d <= to; d++) {
            days.add(day(d, quantity));
        }
        return days;
    }
}
