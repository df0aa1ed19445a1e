package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceCatalogTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");

    private final PriceCatalog catalog = new PriceCatalog(List.of(
            new Price("rmm", "devices", USD, new BigDecimal("3.00"), LocalDate.of(2026, 1, 1)),
            new Price("rmm", "devices", USD, new BigDecimal("3.50"), LocalDate.of(2026, 7, 1)),
            new Price("rmm", "devices", EUR, new BigDecimal("2.80"), LocalDate.of(2026, 1, 1))));

    @Test
    void theLatestPriceInForceOnTheDayApplies() {
        assertThat(catalog.unitPrice("rmm", "devices", USD, LocalDate.of(2026, 6, 30))).contains(new BigDecimal("3.00"));
        assertThat(catalog.unitPrice("rmm", "devices", USD, LocalDate.of(2026, 7, 1))).contains(new BigDecimal("3.50"));
        assertThat(catalog.unitPrice("rmm", "devices", EUR, LocalDate.of(2026, 7, 1))).contains(new BigDecimal("2.80"));
    }

    @Test
    void noPriceBeforeTheFirstOrForAnotherTypeOrCurrency() {
        assertThat(catalog.unitPrice("rmm", "devices", USD, LocalDate.of(2025, 12, 31))).isEmpty();
        assertThat(catalog.unitPrice("rmm", "users", USD, LocalDate.of(2026, 7, 1))).isEmpty();
        assertThat(catalog.unitPrice("rmm", "devices", Currency.getInstance("GBP"), LocalDate.of(2026, 7, 1))).isEmpty();
    }
}
