package io.usagebilling.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/** Unit prices with effective dates: the price of a day is the latest one in force on that day. */
public final class PriceCatalog {

    private final List<Price> prices;

    public PriceCatalog(List<Price> prices) {
        this.prices = List.copyOf(prices);
    }

    public List<Price> prices() {
        return prices;
    }

    public Optional<BigDecimal> unitPrice(String module, String billingType, Currency currency, LocalDate day) {
        return prices.stream()
                .filter(p -> p.module().equals(module) && p.billingType().equals(billingType)
                        && p.currency().equals(currency) && !p.effectiveFrom().isAfter(day))
                .max(Comparator.comparing(Price::effectiveFrom))
                .map(Price::unitPrice);
    }
}
