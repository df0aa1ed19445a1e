package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void roundsHalfUpAwayFromZero() {
        // HALF_EVEN would give 0.62 and 0.12: the pinned mode is HALF_UP.
        assertThat(Money.rounded(new BigDecimal("0.625"), USD)).isEqualTo(Money.of("0.63", "USD"));
        assertThat(Money.rounded(new BigDecimal("0.125"), USD)).isEqualTo(Money.of("0.13", "USD"));
        assertThat(Money.rounded(new BigDecimal("-0.625"), USD)).isEqualTo(Money.of("-0.63", "USD"));
        assertThat(Money.rounded(new BigDecimal("0.6249999"), USD)).isEqualTo(Money.of("0.62", "USD"));
        assertThat(Money.ROUNDING).isEqualTo(java.math.RoundingMode.HALF_UP);
    }

    @Test
    void keepsTheCurrencyScaleAndRefusesSilentRounding() {
        assertThat(Money.of("20", "USD").amount()).isEqualTo(new BigDecimal("20.00"));
        assertThat(Money.of("5", "JPY").amount()).isEqualTo(new BigDecimal("5"));
        assertThat(Money.of("1.500", "USD").amount()).isEqualTo(new BigDecimal("1.50"));
        assertThatThrownBy(() -> Money.of("1.005", "USD")).hasMessageContaining("round it first");
    }

    @Test
    void neverMixesCurrencies() {
        assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR")))
                .hasMessage("cannot combine USD with EUR");
    }

    @Test
    void arithmetic() {
        assertThat(Money.of("20.00", "USD").minus(Money.of("18.00", "USD"))).isEqualTo(Money.of("2.00", "USD"));
        assertThat(Money.of("2.00", "USD").min(Money.of("1.50", "USD"))).isEqualTo(Money.of("1.50", "USD"));
        assertThat(Money.of("0.01", "USD").isPositive()).isTrue();
        assertThat(Money.zero(USD).isPositive()).isFalse();
        assertThat(Money.of("18", "USD")).hasToString("18.00 USD");
    }
}
