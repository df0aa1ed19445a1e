package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ApprovalRuleTest {

    /** Up to 2 units or 10 %; decreases of more than 3 units always wait. */
    private static final ApprovalRule RULE = new ApprovalRule(new BigDecimal("2"), BigDecimal.TEN, new BigDecimal("3"));

    @Test
    void smallChangesInUnitsGoThrough() {
        assertThat(RULE.autoApproved(units(10), units(12))).isTrue();
        assertThat(RULE.autoApproved(units(10), units(8))).isTrue();
        assertThat(RULE.autoApproved(units(0), units(2))).isTrue();
        assertThat(RULE.autoApproved(units(10), units(13))).isFalse();
    }

    @Test
    void changesWithinThePercentageGoThroughEvenWhenLargeInUnits() {
        assertThat(RULE.autoApproved(units(100), units(110))).isTrue();
        assertThat(RULE.autoApproved(units(100), units(111))).isFalse();
        assertThat(RULE.autoApproved(units(0), units(3))).isFalse(); // from nothing, any 3 is 100 %+
    }

    @Test
    void aDecreaseAboveTheThresholdWaitsEvenWithinThePercentage() {
        assertThat(RULE.autoApproved(units(100), units(96))).isFalse(); // 4 %, but 4 units down
        assertThat(RULE.autoApproved(units(100), units(97))).isTrue();
        assertThat(RULE.autoApproved(units(100), units(104))).isTrue(); // the same size up is fine
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new ApprovalRule(units(-1), BigDecimal.TEN, BigDecimal.ONE))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void aBigDecreaseIsNeverAutoApproved() {
        Properties.qt().forAll(Gens.ints(0, 10_000), Gens.ints(4, 10_000)).checkAssert((now, down) ->
                assertThat(RULE.autoApproved(units(now), units(now - down))).isFalse());
    }

    @Test
    void noChangeIsAlwaysAutoApproved() {
        Properties.qt().forAll(Gens.ints(0, 100_000)).checkAssert(now ->
                assertThat(RULE.autoApproved(units(now), units(now))).isTrue());
    }

    private static BigDecimal units(int n) {
        return BigDecimal.valueOf(n);
    }
}
