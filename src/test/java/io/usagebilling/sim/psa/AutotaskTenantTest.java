package io.usagebilling.sim.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Invariants of the derived ContractServiceUnits rows, over many seeded random adjustment histories. */
class AutotaskTenantTest {

    @Test
    void unitRowsTileTimeWithinMonthsAndAgreeWithUnitsOn() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            AutotaskTenant tenant = new AutotaskTenant();
            tenant.addCompany(1, "Acme");
            tenant.addContract(2, 1, "Acme services");
            LocalDate start = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(60));
            tenant.addLine(2, 3, BigDecimal.valueOf(random.nextInt(20)), start);
            tenant.addLine(2, 4, BigDecimal.ONE, start); // a neighbour whose changes must not leak in
            for (int i = random.nextInt(8); i > 0; i--) {
                tenant.applyAdjustment(2, 3, start.plusDays(random.nextInt(500)), BigDecimal.valueOf(random.nextInt(11) - 5));
                tenant.applyAdjustment(2, 4, start.plusDays(random.nextInt(500)), BigDecimal.ONE);
            }

            List<ObjectNode> rows = tenant.rows("ContractServiceUnits", Optional.empty(), Optional.of(Set.of(2L)), Optional.of(Set.of(3L)));
            String context = "seed " + seed;
            assertThat(rows).as(context + " the line's rows, as when all are derived")
                    .isEqualTo(tenant.rows("ContractServiceUnits", Optional.empty(), Optional.empty(), Optional.empty())
                            .stream().filter(row -> row.get("serviceID").asLong() == 3).toList());
            assertThat(rows).as(context).isNotEmpty();
            assertThat(date(rows.get(0), "startDate")).as(context).isEqualTo(start);
            Set<Long> ids = new HashSet<>();
            LocalDate expectedStart = start;
            for (ObjectNode row : rows.stream().sorted((a, b) -> date(a, "startDate").compareTo(date(b, "startDate"))).toList()) {
                LocalDate rowStart = date(row, "startDate");
                LocalDate rowEnd = date(row, "endDate");
                assertThat(rowStart).as(context + " no gap, no overlap").isEqualTo(expectedStart);
                assertThat(rowEnd).as(context + " inside one month").isBeforeOrEqualTo(rowStart.withDayOfMonth(rowStart.lengthOfMonth()));
                assertThat(ids.add(row.get("id").asLong())).as(context + " unique id").isTrue();
                for (LocalDate day = rowStart; !day.isAfter(rowEnd); day = day.plusDays(1)) {
                    assertThat(row.get("units").decimalValue()).as(context + " on " + day)
                            .isEqualByComparingTo(tenant.unitsOn(2, 3, day));
                }
                expectedStart = rowEnd.plusDays(1);
            }
        }
    }

    @Test
    void rowIdsStayStableWhenALaterAdjustmentSplitsTheirPeriod() {
        AutotaskTenant tenant = new AutotaskTenant();
        tenant.addCompany(1, "Acme");
        tenant.addContract(2, 1, "Acme services");
        tenant.addLine(2, 3, BigDecimal.TEN, LocalDate.of(2026, 1, 1));
        long marchId = idStartingOn(tenant, "2026-03-01T00:00:00");

        tenant.applyAdjustment(2, 3, LocalDate.of(2026, 3, 10), BigDecimal.ONE);

        assertThat(idStartingOn(tenant, "2026-03-01T00:00:00")).isEqualTo(marchId);
        assertThat(idStartingOn(tenant, "2026-03-10T00:00:00")).isNotEqualTo(marchId);
    }

    /** The published document's ContractServiceUnitModel.Units and UnitChange are int32: no state a test builds may have fractions. */
    @Test
    void unitsAreWholeAsAutotaskKeepsThem() {
        AutotaskTenant tenant = new AutotaskTenant();
        tenant.addCompany(1, "Acme");
        tenant.addContract(2, 1, "Acme services");
        assertThatThrownBy(() -> tenant.addLine(2, 3, new BigDecimal("2.5"), LocalDate.of(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
        tenant.addLine(2, 3, new BigDecimal("2.0"), LocalDate.of(2026, 1, 1));
        assertThatThrownBy(() -> tenant.applyAdjustment(2, 3, LocalDate.of(2026, 2, 1), new BigDecimal("0.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
        assertThat(tenant.adjustments()).isEmpty();
    }

    private static long idStartingOn(AutotaskTenant tenant, String startDate) {
        return tenant.rows("ContractServiceUnits", Optional.empty(), Optional.empty(), Optional.empty()).stream()
                .filter(row -> row.get("startDate").asText().equals(startDate))
                .findFirst().orElseThrow().get("id").asLong();
    }

    private static LocalDate date(ObjectNode row, String field) {
        return LocalDate.parse(row.get(field).asText().substring(0, 10));
    }
}
