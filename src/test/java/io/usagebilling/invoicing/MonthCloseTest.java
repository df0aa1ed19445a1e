package io.usagebilling.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.app.BillingApp;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.InvoiceTotals;
import io.usagebilling.domain.Money;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.LogCapture;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import javax.sql.DataSource;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Golden monthly closes through routes/invoicing/month-close.camel.yaml on PostgreSQL, with the e2e mappings:
 * contracts 11 (Acme) and 12 (Birch) prorate daily, 13 (Cobalt) is month_end; devices cost $3.00;
 * the monthly minimum is $20.00. Arithmetic by hand in the comments.
 */
class MonthCloseTest {

    private static final YearMonth SEP = YearMonth.of(2026, 9);
    private static final YearMonth OCT = YearMonth.of(2026, 10);
    private static final YearMonth NOV = YearMonth.of(2026, 11);

    private BillingFixture fixture;
    private BillingApp app;
    private MonthClose monthClose;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture();
        app = fixture.start();
        monthClose = app.bean(MonthClose.class);
        // Acme: 10 devices on 1-14 Sep, 12 on 15-30 Sep. Birch: 6 devices all September. Cobalt: 7, 8, 9 on 28-30 Sep.
        days(11, SEP, 1, 14, 10);
        days(11, SEP, 15, 30, 12);
        days(12, SEP, 1, 30, 6);
        days(13, SEP, 28, 28, 7);
        days(13, SEP, 29, 29, 8);
        days(13, SEP, 30, 30, 9);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void septemberGivesOneConsolidatedInvoicePerCompanyWithTheMinimum() {
        MonthClose.CloseSummary september = app.closeMonth(SEP);
        assertThat(september.invoices()).extracting(i -> i.invoice().companyId()).containsExactly(101L, 102L, 103L);
        // Acme, daily: (14×10 + 16×12) = 332 device-days × 3.00 ÷ 30 = 33.20.
        Invoice acme = september.invoices().get(0).invoice();
        assertThat(acme.lines()).singleElement().satisfies(l -> {
            assertThat(l.amount()).isEqualTo(usd("33.20"));
            assertThat(l.quantity()).isEqualByComparingTo("11.0667");
            assertThat(l.description()).isEqualTo("Datto RMM devices");
        });
        assertThat(acme.totals().total()).isEqualTo(usd("33.20"));
        assertThat(acme.issuedOn()).isEqualTo(LocalDate.of(2026, 10, 1));
        // Birch, the seed's example: 6 × 3.00 = 18.00 spent → charged 20.00, 2.00 credit valid until 30 Sep.
        Invoice birch = september.invoices().get(1).invoice();
        assertThat(birch.totals()).isEqualTo(new InvoiceTotals(
                usd("18.00"), usd("2.00"), usd("2.00"), usd("0"), usd("0"), usd("20.00")));
        assertThat(birch.creditValidUntil()).isEqualTo(LocalDate.of(2026, 9, 30));
        // Cobalt, month_end: 9 devices on 30 Sep × 3.00 = 27.00.
        assertThat(september.invoices().get(2).invoice().totals().total()).isEqualTo(usd("27.00"));
        // 33.20 + 20.00 + 27.00
        assertThat(september.total()).isEqualTo(usd("80.20"));
        assertThat(september.line()).isEqualTo("close 2026-09: invoices=3 adjustments=0 total=80.20 USD");
    }

    @Test
    void reClosingADraftMonthGivesTheIdenticalInvoicesAndRows() {
        List<StoredInvoice> first = app.closeMonth(SEP).invoices();
        List<StoredInvoice> again = app.closeMonth(SEP).invoices();
        assertThat(again).isEqualTo(first);
        // A draft follows the usage until it is finalized: Acme gains 30 devices on 30 Sep (+3.00).
        days(11, SEP, 30, 30, 42);
        StoredInvoice acme = app.closeMonth(SEP).invoices().get(0);
        assertThat(acme.invoice().totals().total()).isEqualTo(usd("36.20"));
        assertThat(acme.finalized()).isFalse();
    }

    /** A draft that changes keeps its number and its lines' numbers: what was explained yesterday still is. */
    @Test
    void aDraftThatChangesKeepsItsInvoiceAndLineNumbers() {
        StoredInvoice before = app.closeMonth(SEP).invoices().get(0);
        days(11, SEP, 30, 30, 42);

        StoredInvoice after = app.closeMonth(SEP).invoices().get(0);

        assertThat(after.invoice()).isNotEqualTo(before.invoice());
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.lineIds()).isEqualTo(before.lineIds());
        assertThat(app.bean(LineExplainer.class).text(before.lineIds().get(0))).contains("on invoice " + before.id());
    }

    @Test
    void lateUsageOfAFinalizedMonthBecomesAnAdjustmentPaidFirstFromItsCredit() {
        List<StoredInvoice> september = app.closeMonth(SEP).invoices();
        assertThat(monthClose.finalizeMonth(SEP)).isEqualTo(3);
        // Late September usage: Birch has 21 devices on 30 Sep instead of 6: +15 × 3.00 ÷ 30 = +1.50.
        days(12, SEP, 30, 30, 21);
        assertThat(app.closeMonth(SEP).line()).endsWith("(2026-09 is finalized: unchanged)");
        // October: Birch 10 devices all month (31 × 10 × 3.00 ÷ 31 = 30.00); Cobalt 9 on 31 Oct (27.00).
        days(12, OCT, 1, 31, 10);
        days(13, OCT, 31, 31, 9);
        MonthClose.CloseSummary october = app.closeMonth(OCT);

        StoredInvoice adjustment = october.invoices().stream()
                .filter(i -> i.invoice().kind() == Invoice.Kind.ADJUSTMENT).findFirst().orElseThrow();
        assertThat(adjustment.invoice().usageMonth()).isEqualTo(SEP);
        assertThat(adjustment.invoice().issuedOn()).isEqualTo(LocalDate.of(2026, 11, 1));
        // quantity (29×6 + 21) ÷ 30 = 6.5 − 6 billed = +0.5; amount 19.50 − 18.00 = +1.50, all paid by the 2.00 credit.
        InvoiceLine delta = adjustment.invoice().lines().get(0);
        assertThat(delta.quantity()).isEqualByComparingTo("0.5");
        assertThat(delta.amount()).isEqualTo(usd("1.50"));
        assertThat(adjustment.invoice().totals().creditUsed()).isEqualTo(usd("1.50"));
        assertThat(adjustment.invoice().totals().total()).isEqualTo(usd("0.00"));
        // Birch's October invoice: 30.00, and the 0.50 of September credit left expires with this close.
        Invoice birchOctober = regular(october, 102).invoice();
        assertThat(birchOctober.totals().total()).isEqualTo(usd("30.00"));
        assertThat(birchOctober.totals().creditExpired()).isEqualTo(usd("0.50"));
        // 0.00 + 30.00 + 27.00; Acme had no October usage, so no October invoice.
        assertThat(october.total()).isEqualTo(usd("57.00"));
        assertThat(october.invoices()).hasSize(3);

        // The finalized September invoices never changed.
        List<StoredInvoice> septemberNow = app.closeMonth(SEP).invoices();
        assertThat(septemberNow).extracting(StoredInvoice::invoice)
                .isEqualTo(september.stream().map(StoredInvoice::invoice).toList());
        assertThat(septemberNow).extracting(StoredInvoice::id).isEqualTo(september.stream().map(StoredInvoice::id).toList());
        assertThat(septemberNow).allMatch(StoredInvoice::finalized);

        // More late September usage after October is closed: +30 devices on 29 Sep = +3.00; the credit has expired.
        assertThat(monthClose.finalizeMonth(OCT)).isEqualTo(3);
        days(12, SEP, 29, 29, 36);
        assertThat(app.closeMonth(OCT).line()).endsWith("(2026-10 is finalized: unchanged)");
        Invoice later = app.closeMonth(NOV).invoices().get(0).invoice();
        assertThat(later.kind()).isEqualTo(Invoice.Kind.ADJUSTMENT);
        assertThat(later.totals().creditUsed()).isEqualTo(usd("0.00"));
        assertThat(later.totals().total()).isEqualTo(usd("3.00"));
    }

    @Test
    void aFinalizedInvoiceCannotBeChangedEvenInSql() throws SQLException {
        app.closeMonth(SEP);
        monthClose.finalizeMonth(SEP);
        try (Connection c = dataSource().getConnection()) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE invoice SET total = 0"))
                    .hasMessageContaining("is finalized and cannot change");
            assertThatThrownBy(() -> c.createStatement().executeUpdate("DELETE FROM invoice_line"))
                    .hasMessageContaining("is finalized and cannot change");
        }
    }

    /** Found trying the CLI as billing staff would: the close stopped with the promised line, after a stack trace. */
    @Test
    void aMissingPriceStopsTheCloseWithOneLineNamingItNotAStackTrace() throws Exception {
        YearMonth dec2025 = YearMonth.of(2025, 12); // prices.yaml's only price is in force from 2026-01-01
        days(11, dec2025, 1, 31, 5);
        try (LogCapture log = LogCapture.of(Level.WARN)) {
            assertThatThrownBy(() -> app.closeMonth(dec2025)).hasRootCauseMessage(
                    "src/test/resources/e2e-mappings/prices.yaml: no USD price for module=datto-rmm, billingType=devices"
                    + " in force on 2025-12-31 (needed for contract 11 service 500 of company 101)");
            assertThat(log.lines()).as("nothing but what the caller prints").isEmpty();
        }
        assertThat(fixture.text("SELECT count(*) FROM invoice")).isEqualTo("0");
    }

    @Test
    void aMonthBeforeAnyUsageIsRefused() {
        assertThatThrownBy(() -> app.closeMonth(YearMonth.of(1, 1))).hasRootCauseMessage(
                "0001-01 is before 2000-01, the earliest usage month: nothing to close");
    }

    @Test
    void finalizingAMonthThatWasNeverClosedIsRefused() {
        assertThatThrownBy(() -> monthClose.finalizeMonth(OCT))
                .hasMessage("2026-10 has not been closed yet: run close --month 2026-10 first");
    }

    private static StoredInvoice regular(MonthClose.CloseSummary summary, long company) {
        return summary.invoices().stream().filter(i -> i.invoice().companyId() == company
                && i.invoice().kind() == Invoice.Kind.REGULAR).findFirst().orElseThrow();
    }

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private DataSource dataSource() {
        return fixture.dataSource();
    }

    private void days(long contract, YearMonth month, int from, int to, int quantity) {
        fixture.dailyQuantity(contract, month, from, to, quantity);
    }
}
