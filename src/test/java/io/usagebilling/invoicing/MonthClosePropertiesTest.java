package io.usagebilling.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.Money;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Month closes on PostgreSQL over random daily quantities of the three e2e contract lines. */
class MonthClosePropertiesTest {

    private static final YearMonth MONTH = YearMonth.of(2026, 2); // 28 days

    private static BillingFixture fixture;
    private static BillingApp app;

    @BeforeAll
    static void start() throws Exception {
        fixture = new BillingFixture();
        app = fixture.start();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void closingTwiceGivesTheIdenticalInvoicesAndTotalsAddUp() {
        Properties.qt(40).forAll(months()).checkAssert(Properties.unchecked(lines -> {
            store(lines);
            List<StoredInvoice> first = app.closeMonth(MONTH).invoices();
            List<StoredInvoice> again = app.closeMonth(MONTH).invoices();
            assertThat(again).isEqualTo(first);
            for (StoredInvoice stored : first) {
                Invoice i = stored.invoice();
                Money lineSum = i.lines().stream().map(InvoiceLine::amount).reduce(Money.zero(i.totals().total().currency()), Money::plus);
                assertThat(i.totals().subtotal()).isEqualTo(lineSum);
                assertThat(i.totals().total()).isEqualTo(lineSum.plus(i.totals().minimumTopUp()).minus(i.totals().creditUsed()));
            }
        }));
    }

    /** Three lines (contracts 11, 12, 13), each with a quantity per day of the month (null: no row that day). */
    private static Gen<List<List<Integer>>> months() {
        return Gens.lists(Gens.lists(Gens.injectNull(Gens.ints(0, 500), 20), MONTH.lengthOfMonth()), 3);
    }

    private static void store(List<List<Integer>> lines) throws Exception {
        try (Connection c = fixture.dataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM invoice");
                s.executeUpdate("DELETE FROM daily_quantity");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO daily_quantity (contract_id, service_id, usage_date, quantity, proration)
                    VALUES (?, 500, ?, ?, 'daily')""")) {
                for (int line = 0; line < 3; line++) {
                    for (int day = 1; day <= MONTH.lengthOfMonth(); day++) {
                        Integer q = lines.get(line).get(day - 1);
                        if (q != null) {
                            ps.setLong(1, 11 + line);
                            ps.setObject(2, MONTH.atDay(day));
                            ps.setBigDecimal(3, BigDecimal.valueOf(q));
                            ps.addBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
        }
    }
}
