package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LineChargePropertiesTest {

    private static final Currency USD = Currency.getInstance("USD");

    @Property
    void constantUsageOverTheWholeMonthIsExactlyTheMonthlyPrice(
            @ForAll("months") YearMonth month, @ForAll @IntRange(max = 100_000) int units, @ForAll("prices") BigDecimal price) {
        List<DayQuantity> days = new ArrayList<>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            days.add(new DayQuantity(month.atDay(d), BigDecimal.valueOf(units)));
        }
        LineCharge line = LineCharge.of(month, Proration.DAILY, days, d -> price, USD);
        assertThat(line.amount()).isEqualTo(Money.rounded(BigDecimal.valueOf(units).multiply(price), USD));
        assertThat(line.quantity()).isEqualByComparingTo(BigDecimal.valueOf(units));
    }

    @Property
    void prorationNeverExceedsTheFullMonthAtThePeakQuantity(
            @ForAll("months") YearMonth month, @ForAll("dailyUnits") List<Integer> units, @ForAll("prices") BigDecimal price) {
        List<DayQuantity> days = new ArrayList<>();
        for (int d = 1; d <= Math.min(units.size(), month.lengthOfMonth()); d++) {
            days.add(new DayQuantity(month.atDay(d), BigDecimal.valueOf(units.get(d - 1))));
        }
        int peak = days.stream().mapToInt(d -> d.quantity().intValue()).max().orElse(0);
        Money full = Money.rounded(BigDecimal.valueOf(peak).multiply(price), USD);
        Money prorated = LineCharge.of(month, Proration.DAILY, days, d -> price, USD).amount();
        assertThat(prorated).isLessThanOrEqualTo(full);
        assertThat(prorated.amount().signum()).isGreaterThanOrEqualTo(0);
    }

    @Property
    void theInvoiceTotalIsTheSumOfItsRoundedLinesPlusTheTopUp(@ForAll("lineAmounts") List<BigDecimal> raw) {
        List<Money> lines = raw.stream().map(a -> Money.rounded(a, USD)).toList();
        InvoiceTotals totals = InvoiceTotals.regular(lines, Money.of("20.00", "USD"), Money.zero(USD));
        BigDecimal sum = lines.stream().map(Money::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(totals.subtotal().amount()).isEqualByComparingTo(sum);
        assertThat(totals.total()).isEqualTo(totals.subtotal().plus(totals.minimumTopUp()));
        assertThat(totals.total().amount()).isEqualByComparingTo(
                sum.signum() > 0 ? sum.max(new BigDecimal("20.00")) : sum);
    }

    @Provide
    Arbitrary<YearMonth> months() {
        return Arbitraries.integers().between(1, 12).flatMap(m -> Arbitraries.integers().between(2024, 2030)
                .map(y -> YearMonth.of(y, m)));
    }

    @Provide
    Arbitrary<BigDecimal> prices() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("500")).ofScale(4);
    }

    @Provide
    Arbitrary<List<Integer>> dailyUnits() {
        return Arbitraries.integers().between(0, 5000).list().ofMaxSize(31);
    }

    @Provide
    Arbitrary<List<BigDecimal>> lineAmounts() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000")).ofScale(6).list().ofMaxSize(20);
    }
}
