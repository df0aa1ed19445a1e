package io.usagebilling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class UnitDeltaTest {

    @Test
    void partialUnitsBillAsTheNextWholeUnit() {
        assertThat(UnitDelta.billableUnits(new BigDecimal("10.2"))).isEqualByComparingTo("11");
        assertThat(UnitDelta.billableUnits(new BigDecimal("10.0000"))).isEqualByComparingTo("10");
        assertThat(UnitDelta.billableUnits(BigDecimal.ZERO)).isEqualByComparingTo("0");
        assertThatThrownBy(() -> UnitDelta.billableUnits(new BigDecimal("-1"))).hasMessageContaining("-1");
    }

    @Test
    void aLineNeverToldOrToldSomethingElseNeedsDelivery() {
        assertThat(UnitDelta.needsDelivery(BigDecimal.TEN, Optional.empty())).isTrue();
        assertThat(UnitDelta.needsDelivery(BigDecimal.ZERO, Optional.empty())).isTrue();
        assertThat(UnitDelta.needsDelivery(BigDecimal.TEN, Optional.of(new BigDecimal("10.0000")))).isFalse();
        assertThat(UnitDelta.needsDelivery(BigDecimal.ZERO, Optional.of(BigDecimal.ONE))).isTrue();
    }

    @Test
    void theChangeIsSignedAndTakesThePsaToTheTarget() {
        assertThat(UnitDelta.unitChange(new BigDecimal("12"), new BigDecimal("9"))).isEqualByComparingTo("-3");
        assertThat(UnitDelta.unitChange(new BigDecimal("5"), BigDecimal.ZERO)).isEqualByComparingTo("-5");
        assertThat(UnitDelta.unitChange(new BigDecimal("7.0000"), new BigDecimal("7")).signum()).isZero();
    }

    @Test
    void psaPlusChangeIsAlwaysTheTarget() {
        Properties.qt().forAll(units(), units()).checkAssert((psaUnits, quantity) -> {
            BigDecimal target = UnitDelta.billableUnits(quantity);
            assertThat(psaUnits.add(UnitDelta.unitChange(psaUnits, target))).isEqualByComparingTo(target);
            assertThat(target).isGreaterThanOrEqualTo(quantity).isLessThan(quantity.add(BigDecimal.ONE));
        });
    }

    /** 0 to 1,000,000 units with four decimals. */
    private static Gen<BigDecimal> units() {
        return Gens.decimals(BigDecimal.ZERO, new BigDecimal("1000000"), 4);
    }
}
