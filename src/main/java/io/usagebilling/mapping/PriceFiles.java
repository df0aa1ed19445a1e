package io.usagebilling.mapping;

import io.usagebilling.domain.Price;
import io.usagebilling.domain.PriceCatalog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates {@code prices.yaml}: unit prices per module billing type and currency, each in
 * force from its {@code effectiveFrom} date. A mistake is one line naming the file, the entry and the
 * problem. A missing file is an empty catalog (the month close then names each unpriced line).
 */
public final class PriceFiles {

    public static final String PRICES = "prices.yaml";
    /** Prices are per unit and may be fractions of a cent (e.g. storage per GB); amounts are rounded per line. */
    private static final int MAX_PRICE_DECIMALS = 6;

    private PriceFiles() {}

    public static PriceCatalog load(Path dir, Mappings mappings) {
        Path file = dir.resolve(PRICES);
        if (!Files.exists(file)) {
            return new PriceCatalog(List.of());
        }
        List<RawPrice> raw = MappingFiles.read(file, PricesFile.class).prices();
        List<Price> prices = new ArrayList<>();
        Map<String, Integer> firstEntry = new HashMap<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            prices.add(validate(file, i, raw.get(i), mappings, firstEntry));
        }
        return new PriceCatalog(prices);
    }

    private static Price validate(Path file, int index, RawPrice p, Mappings mappings, Map<String, Integer> firstEntry) {
        String entry = "prices entry #" + (index + 1) + " (module=" + p.module() + ", billingType=" + p.billingType()
                + ", currency=" + p.currency() + ", effectiveFrom=" + p.effectiveFrom() + ")";
        Problem problem = reason -> new MappingException(file + ": " + entry + ": " + reason);
        for (String[] field : new String[][] {{"module", p.module()}, {"billingType", p.billingType()},
                {"currency", p.currency()}, {"unitPrice", p.unitPrice()}, {"effectiveFrom", p.effectiveFrom()}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw problem.of("'" + field[0] + "' is missing");
            }
        }
        Mappings.Module module = mappings.modules().stream().filter(m -> m.id().equals(p.module())).findFirst()
                .orElseThrow(() -> problem.of("unknown module '" + p.module() + "' (not in " + MappingFiles.MODULES + ")"));
        if (module.billingTypes().stream().noneMatch(t -> t.id().equals(p.billingType()))) {
            throw problem.of("module " + p.module() + " has no billing type '" + p.billingType() + "'");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(p.currency());
        } catch (IllegalArgumentException e) {
            throw problem.of("unknown currency '" + p.currency() + "' (an ISO 4217 code such as USD)");
        }
        BigDecimal unitPrice;
        try {
            unitPrice = new BigDecimal(p.unitPrice());
        } catch (NumberFormatException e) {
            throw problem.of("unitPrice must be a decimal number, not '" + p.unitPrice() + "'");
        }
        if (unitPrice.signum() < 0 || unitPrice.stripTrailingZeros().scale() > MAX_PRICE_DECIMALS) {
            throw problem.of("unitPrice must be 0 or more with at most " + MAX_PRICE_DECIMALS + " decimals, not " + p.unitPrice());
        }
        LocalDate from;
        try {
            from = LocalDate.parse(p.effectiveFrom());
        } catch (DateTimeParseException e) {
            throw problem.of("effectiveFrom must be a date YYYY-MM-DD, not '" + p.effectiveFrom() + "'");
        }
        String key = p.module() + "\u0000" + p.billingType() + "\u0000" + currency + "\u0000" + from;
        Integer first = firstEntry.putIfAbsent(key, index);
        if (first != null) {
            throw problem.of("duplicate price, first defined in entry #" + (first + 1));
        }
        return new Price(p.module(), p.billingType(), currency, unitPrice, from);
    }

    @FunctionalInterface
    private interface Problem {
        MappingException of(String reason);
    }

    record PricesFile(List<RawPrice> prices) {}

    /** Read as text so the price keeps its exact decimal digits and a bad value gets a clear message. */
    record RawPrice(String module, String billingType, String currency, String unitPrice, String effectiveFrom) {}
}
