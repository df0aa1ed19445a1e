package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class LineChargePropertiesTest {

    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void constantUsageOverTheWholeMonthIsExactlyTheMonthlyPrice() {
        Properties.qt().forAll(months(), Gens.ints(0, 100_000), prices()).checkAssert((month, units, price) -> {
            List<DayQuantity> days = new ArrayList<>();
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                days.add(new DayQuantity(month.atDay(d), BigDecimal.valueOf(units)));
            }
            LineCharge line = LineCharge.of(month, Proration.DAILY, days, d -> price, USD);
            assertThat(line.amount()).isEqualTo(Money.rounded(BigDecimal.valueOf(units).multiply(price), USD));
            assertThat(line.quantity()).isEqualByComparingTo(BigDecimal.valueOf(units));
        });
    }

    @Test
    void prorationNeverExceedsTheFullMonthAtThePeakQuantity() {
        Properties.qt().forAll(months(), dailyUnits(), prices()).checkAssert((month, units, price) -> {
            List<DayQuantity> days = new ArrayList<>();
            for (int d = 1; d <= Math.min(units.size(), month.lengthOfMonth()); d++) {
                days.add(new DayQuantity(month.atDay(d), BigDecimal.valueOf(units.get(d - 1))));
            }
            int peak = days.stream().mapToInt(d -> d.quantity().intValue()).max().orElse(0);
            Money full = Money.rounded(BigDecimal.valueOf(peak).multiply(price), USD);
            Money prorated = LineCharge.of(month, Proration.DAILY, days, d -> price, USD).amount();
            assertThat(prorated).isLessThanOrEqualTo(full);
            assertThat(prorated.amount().signum()).isGreaterThanOrEqualTo(0);
        });
    }

    @Test
    void theInvoiceTotalIsTheSumOfItsRoundedLinesPlusTheTopUp() {
        Properties.qt().forAll(lineAmounts()).checkAssert(raw -> {
            List<Money> lines = raw.stream().map(a -> Money.rounded(a, USD)).toList();
            InvoiceTotals totals = InvoiceTotals.regular(lines, Money.of("20.00", "USD"), Money.zero(USD));
            BigDecimal sum = lines.stream().map(Money::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(totals.subtotal().amount()).isEqualByComparingTo(sum);
            assertThat(totals.total()).isEqualTo(totals.subtotal().plus(totals.minimumTopUp()));
            assertThat(totals.total().amount()).isEqualByComparingTo(
                    sum.signum() > 0 ? sum.max(new BigDecimal("20.00")) : sum);
        });
    }

    private static Gen<YearMonth> months() {
        return Gens.ints(1, 12).zip(Gens.ints(2024, 2030), (m, y) -> YearMonth.of(y, m));
    }

    private static Gen<BigDecimal> prices() {
        return Gens.decimals(BigDecimal.ZERO, new BigDecimal("500"), 4);
    }

    private static Gen<List<Integer>> dailyUnits() {
        return Gens.lists(Gens.ints(0, 5000), 0, 31);
    }

    private static Gen<List<BigDecimal>> lineAmounts() {
        return Gens.lists(Gens.decimals(BigDecimal.ZERO, new BigDecimal("1000"), 6), 0, 20);
    }
}
