package io.usagebilling.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Trial units are not billed: a line's billable quantity of a day is its quantity less its units in trial. */
public final class BillableDays {

    private BillableDays() {}

    public static List<DayQuantity> lessTrials(List<DayQuantity> measured, List<DayQuantity> inTrial) {
        Map<LocalDate, BigDecimal> trial = inTrial.stream()
                .collect(Collectors.toMap(DayQuantity::date, DayQuantity::quantity, BigDecimal::add));
        return measured.stream()
                .map(d -> new DayQuantity(d.date(),
                        d.quantity().subtract(trial.getOrDefault(d.date(), BigDecimal.ZERO)).max(BigDecimal.ZERO)))
                .toList();
    }
}
