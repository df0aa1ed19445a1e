package io.usagebilling.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The amount of one invoice line for a month, by the line's proration policy:
 * <ul>
 *   <li>daily: Σ over the month's days of (quantity × that day's unit price) ÷ days in month;</li>
 *   <li>month_end: the last day's quantity × the last day's unit price.</li>
 * </ul>
 * A day with no quantity counts as 0. The product is exact and rounded once, at the end.
 *
 * @param quantity the billed quantity: the month's average (daily, 4 decimals) or the last day's (month_end)
 * @param unitPrice the unit price in force on the month's last day (what the line prints; explain shows each day's)
 */
public record LineCharge(BigDecimal quantity, BigDecimal unitPrice, Money amount) {

    private static final int QUANTITY_SCALE = 4;

    public static LineCharge of(YearMonth month, Proration proration, List<DayQuantity> days,
            Function<LocalDate, BigDecimal> unitPriceOn, Currency currency) {
        Map<LocalDate, BigDecimal> byDay = days.stream().filter(d -> YearMonth.from(d.date()).equals(month))
                .collect(Collectors.toMap(DayQuantity::date, DayQuantity::quantity, BigDecimal::add));
        LocalDate last = month.atEndOfMonth();
        BigDecimal lastPrice = unitPriceOn.apply(last);
        if (proration == Proration.MONTH_END) {
            BigDecimal quantity = byDay.getOrDefault(last, BigDecimal.ZERO);
            return new LineCharge(quantity, lastPrice, Money.rounded(quantity.multiply(lastPrice), currency));
        }
        BigDecimal unitDays = BigDecimal.ZERO;
        BigDecimal priceDays = BigDecimal.ZERO;
        for (Map.Entry<LocalDate, BigDecimal> day : byDay.entrySet()) {
            unitDays = unitDays.add(day.getValue());
            priceDays = priceDays.add(day.getValue().multiply(unitPriceOn.apply(day.getKey()), MathContext.UNLIMITED));
        }
        BigDecimal daysInMonth = BigDecimal.valueOf(month.lengthOfMonth());
        int scale = currency.getDefaultFractionDigits();
        return new LineCharge(
                unitDays.divide(daysInMonth, QUANTITY_SCALE, Money.ROUNDING),
                lastPrice,
                new Money(priceDays.divide(daysInMonth, scale, Money.ROUNDING), currency));
    }
}
