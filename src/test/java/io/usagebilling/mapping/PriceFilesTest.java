package io.usagebilling.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.PriceCatalog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceFilesTest {

    private static final Mappings MAPPINGS = MappingFiles.load(Path.of("src/test/resources/e2e-mappings"));

    @TempDir
    Path dir;

    @Test
    void theShippedPricesAreValidAndExact() {
        Path shipped = Path.of("mappings");
        PriceCatalog catalog = PriceFiles.load(shipped, MappingFiles.load(shipped));
        assertThat(catalog.prices()).isNotEmpty();
        assertThat(catalog.unitPrice("datto-rmm", "devices", Currency.getInstance("USD"), LocalDate.of(2026, 9, 30)))
                .contains(new BigDecimal("3.00"));
    }

    @Test
    void keepsEveryDecimalDigitAsWritten() throws IOException {
        write("- {module: datto-rmm, billingType: devices, currency: USD, unitPrice: 0.012345, effectiveFrom: 2026-01-01}");
        assertThat(PriceFiles.load(dir, MAPPINGS).prices().get(0).unitPrice()).isEqualTo(new BigDecimal("0.012345"));
    }

    @Test
    void noFileIsAnEmptyCatalog() {
        assertThat(PriceFiles.load(dir, MAPPINGS).prices()).isEmpty();
    }

    @Test
    void eachMistakeIsOneLineNamingFileAndEntry() throws IOException {
        String entry = "- {module: datto-rmm, billingType: devices, currency: USD, unitPrice: 3, effectiveFrom: 2026-01-01}\n  ";
        expect("- {module: nope, billingType: devices, currency: USD, unitPrice: 3, effectiveFrom: 2026-01-01}",
                "prices.yaml: prices entry #1 (module=nope, billingType=devices, currency=USD, effectiveFrom=2026-01-01):"
                        + " unknown module 'nope' (not in modules.yaml)");
        expect("- {module: datto-rmm, billingType: users, currency: USD, unitPrice: 3, effectiveFrom: 2026-01-01}",
                "module datto-rmm has no billing type 'users'");
        expect("- {module: datto-rmm, billingType: devices, currency: XXY, unitPrice: 3, effectiveFrom: 2026-01-01}",
                "unknown currency 'XXY'");
        expect("- {module: datto-rmm, billingType: devices, currency: USD, unitPrice: -1, effectiveFrom: 2026-01-01}",
                "unitPrice must be 0 or more with at most 6 decimals, not -1");
        expect("- {module: datto-rmm, billingType: devices, currency: USD, unitPrice: 1.0000001, effectiveFrom: 2026-01-01}",
                "at most 6 decimals");
        expect("- {module: datto-rmm, billingType: devices, currency: USD, unitPrice: three, effectiveFrom: 2026-01-01}",
                "unitPrice must be a decimal number, not 'three'");
        expect("- {module: datto-rmm, billingType: devices, currency: USD, unitPrice: 3, effectiveFrom: 2026-13-01}",
                "effectiveFrom must be a date YYYY-MM-DD, not '2026-13-01'");
        expect("- {module: datto-rmm, billingType: devices, currency: USD, effectiveFrom: 2026-01-01}",
                "'unitPrice' is missing");
        expect(entry + entry, "prices entry #2 (module=datto-rmm, billingType=devices, currency=USD, effectiveFrom=2026-01-01):"
                + " duplicate price, first defined in entry #1");
        expect("- {module: datto-rmm, price: 3}", "prices entry #1, field 'price': unknown field");
    }

    private void expect(String prices, String message) throws IOException {
        write(prices);
        assertThatThrownBy(() -> PriceFiles.load(dir, MAPPINGS))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith(dir.resolve("prices.yaml").toString())
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private void write(String prices) throws IOException {
        Files.writeString(dir.resolve("prices.yaml"), "prices:\n  " + prices + "\n");
    }
}
