package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ActivationTest {

    private static final String REFUSED = "card numbers are not accepted: send the payment provider's token for the"
            + " card instead (nothing was stored)";

    @Test
    void cardLikeDigitRunsAreSpottedWhateverTheirGrouping() {
        assertThat(CardNumbers.containsCardNumber("4111111111111111")).isTrue();
        assertThat(CardNumbers.containsCardNumber("tok_4111 1111 1111 1111")).isTrue();
        assertThat(CardNumbers.containsCardNumber("5500-0000-0000-0004")).isTrue();
        assertThat(CardNumbers.containsCardNumber("378282246310005")).isTrue();  // Amex, 15 digits
        assertThat(CardNumbers.containsCardNumber("4111111111111112")).isTrue(); // a typo is still a card number
        assertThat(CardNumbers.containsCardNumber("FS_sub_8Kx2m9QpZ7")).isFalse();
        assertThat(CardNumbers.containsCardNumber("order 123456789012")).isFalse(); // 12 digits
        assertThat(CardNumbers.containsCardNumber("12345678901234567890")).isFalse(); // 20 digits: not a card
        assertThat(CardNumbers.containsCardNumber(null)).isFalse();
    }

    @Test
    void aCardNumberIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> new Activation(101, "kob", true, "4111 1111 1111 1111"))
                .hasMessage(REFUSED).message().doesNotContain("4111");
        assertThatThrownBy(() -> new Activation(101, "kob 4111111111111111", true, "FS_tok_abcdefgh")).hasMessage(REFUSED);
    }

    @Test
    void termsAndAProviderTokenAreRequired() {
        assertThatThrownBy(() -> new Activation(101, "kob", false, "FS_tok_abcdefgh"))
                .hasMessage("the terms and conditions must be accepted to activate billing");
        assertThatThrownBy(() -> new Activation(101, "kob", true, " "))
                .hasMessageStartingWith("a payment method is required");
        assertThatThrownBy(() -> new Activation(101, "kob", true, "123456789"))
                .hasMessageStartingWith("a payment method is required");
        assertThat(new Activation(101, "kob", true, "FS_tok_abcdefgh").paymentToken()).isEqualTo("FS_tok_abcdefgh");
    }

    @Test
    void theFirstInvoiceComes30DaysAfterActivation() {
        assertThat(Activation.firstInvoiceOn(LocalDate.of(2026, 9, 15))).isEqualTo(LocalDate.of(2026, 10, 15));
    }
}
