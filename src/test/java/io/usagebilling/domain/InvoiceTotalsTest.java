package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed 002 minimum payment and its credit, reproduced exactly. */
class InvoiceTotalsTest {

    private static final Money MINIMUM = Money.of("20.00", "USD");
    private static final Money NONE = Money.of("0", "USD");

    @Test
    void septemberSpendOf18IsCharged20AndGrants2OfCredit() {
        // Seed: "if you spend $18 in September ... you will be charged $20, and $2 will be returned to you as credits".
        InvoiceTotals september = InvoiceTotals.regular(List.of(Money.of("10.00", "USD"), Money.of("8.00", "USD")), MINIMUM, NONE);
        assertThat(september.subtotal()).isEqualTo(Money.of("18.00", "USD"));
        assertThat(september.minimumTopUp()).isEqualTo(Money.of("2.00", "USD"));
        assertThat(september.creditGranted()).isEqualTo(Money.of("2.00", "USD"));
        assertThat(september.total()).isEqualTo(Money.of("20.00", "USD"));
    }

    @Test
    void lateSeptemberUsageSpendsTheSeptemberCreditFirst() {
        // Late September usage of 1.50 with 2.00 of September credit: 1.50 used, 0.00 charged (0.50 left).
        InvoiceTotals small = InvoiceTotals.adjustment(List.of(Money.of("1.50", "USD")), Money.of("2.00", "USD"));
        assertThat(small.creditUsed()).isEqualTo(Money.of("1.50", "USD"));
        assertThat(small.total()).isEqualTo(Money.of("0.00", "USD"));
        // Late usage of 3.00: the 2.00 credit is all used, 1.00 charged.
        InvoiceTotals large = InvoiceTotals.adjustment(List.of(Money.of("3.00", "USD")), Money.of("2.00", "USD"));
        assertThat(large.creditUsed()).isEqualTo(Money.of("2.00", "USD"));
        assertThat(large.total()).isEqualTo(Money.of("1.00", "USD"));
        // A correction downwards is refunded in full and uses no credit.
        InvoiceTotals lower = InvoiceTotals.adjustment(List.of(Money.of("-4.00", "USD")), Money.of("2.00", "USD"));
        assertThat(lower.creditUsed()).isEqualTo(NONE);
        assertThat(lower.total()).isEqualTo(Money.of("-4.00", "USD"));
    }

    @Test
    void expiredCreditIsShownNotCharged() {
        InvoiceTotals october = InvoiceTotals.regular(List.of(Money.of("25.00", "USD")), MINIMUM, Money.of("0.50", "USD"));
        assertThat(october.creditExpired()).isEqualTo(Money.of("0.50", "USD"));
        assertThat(october.total()).isEqualTo(Money.of("25.00", "USD"));
        assertThat(october.minimumTopUp()).isEqualTo(NONE);
    }

    @Test
    void noMinimumForAMonthWithoutSpendOrAtTheMinimum() {
        assertThat(InvoiceTotals.regular(List.of(NONE), MINIMUM, NONE).total()).isEqualTo(NONE);
        assertThat(InvoiceTotals.regular(List.of(Money.of("20.00", "USD")), MINIMUM, NONE).minimumTopUp()).isEqualTo(NONE);
    }
}
