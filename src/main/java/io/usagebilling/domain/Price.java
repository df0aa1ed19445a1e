package io.usagebilling.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;

/** The unit price of one module billing type in one currency, from {@code effectiveFrom} until the next price. */
public record Price(String module, String billingType, Currency currency, BigDecimal unitPrice, LocalDate effectiveFrom) {}
