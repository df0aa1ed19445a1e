package io.usagebilling.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CSV exports read back by a CSV parser: quoting, UTF-8 with BOM, ISO dates, formula-safe text. */
class CsvExportsTest {

    private static final YearMonth SEP = YearMonth.of(2026, 9);
    private static final String NASTY_NAME = "Zoë \"Main\", 2nd floor\nHQ";

    private BillingFixture fixture;
    private BillingApp app;
    private CsvExports exports;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture();
        app = fixture.start();
        exports = app.bean(CsvExports.class);
        // Acme's two sites: 4 + 6 devices on 29 Sep, 4 + 7 on 30 Sep; an unmapped site named like a formula.
        usage("site-a1", NASTY_NAME, 29, 4);
        usage("site-a2", "Branch", 29, 6);
        usage("site-a1", NASTY_NAME, 30, 4);
        usage("site-a2", "Branch", 30, 7);
        usage("site-evil", "=HYPERLINK(\"http://x\")", 30, 1);
        quantities();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void siteUsageListsEachCustomerSiteWithItsCompany() throws Exception {
        byte[] csv = export("site-usage", null);
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<List<String>> rows = parse(csv);
        assertThat(rows.get(0)).containsExactly("usageMonth", "module", "orgId", "orgName", "companyId", "companyName",
                "billingType", "daysWithUsage", "unitDays", "averageQuantity", "peakQuantity", "lastDate", "lastQuantity");
        // site-a1: 4 + 4 = 8 unit-days ÷ 30 = 0.2667 on average; its name survives quoting intact.
        assertThat(rows.get(1)).containsExactly("2026-09", "datto-rmm", "site-a1", NASTY_NAME, "101", "Acme Dental",
                "devices", "2", "8.0000", "0.2667", "4.0000", "2026-09-30", "4.0000");
        assertThat(rows.get(2)).startsWith("2026-09", "datto-rmm", "site-a2", "Branch", "101");
        // The unmapped site is listed with no company, and its name cannot run as a formula.
        assertThat(rows.get(3)).startsWith("2026-09", "datto-rmm", "site-evil", "'=HYPERLINK(\"http://x\")", "", "");
        assertThat(rows).hasSize(4);
        assertThat(parse(export("site-usage", 102L))).hasSize(1);
    }

    @Test
    void invoicesAndLinesWithIsoDatesAndPlainDecimals() throws Exception {
        app.closeMonth(SEP);
        List<List<String>> invoices = parse(export("invoices", null));
        // Acme: (10 + 11) device-days × 3.00 ÷ 30 = 2.10, topped up to the 20.00 minimum.
        assertThat(invoices.get(1)).containsExactly("1", "101", "Acme Dental", "2026-09", "regular", "draft", "2026-10-01",
                "USD", "2.10", "17.90", "17.90", "2026-09-30", "0.00", "0.00", "20.00");
        List<List<String>> lines = parse(export("invoice-lines", 101L));
        assertThat(lines.get(1)).containsExactly("1", "1", "1", "101", "Acme Dental", "2026-09", "regular", "draft",
                "11", "500", "Datto RMM devices", "daily", "0.7000", "3.000000", "2.10", "USD");
        assertThat(lines).hasSize(2);
    }

    @Test
    void licensesWithTheirStateOnTheMonthsLastDayAndTheirHistory() throws Exception {
        long paid = app.licenses().allocate(101, "datto-rmm", "devices", null, SEP.atDay(2));
        app.licenses().setAutoRenew(java.util.List.of(paid), false, SEP.atDay(20));
        app.licenses().allocate(102, "datto-rmm", "devices", "dev-7", SEP.atDay(3));
        List<List<String>> acme = parse(export("licenses", 101L));
        assertThat(acme.get(0)).containsExactly("licenseId", "companyId", "licenseType", "assetId", "state", "used",
                "allocatedOn", "trialEnds", "autoRenew", "validUntil", "releasedOn");
        assertThat(acme.get(1)).containsExactly(String.valueOf(paid), "101", "datto-rmm/devices", "", "paid", "false",
                "2026-09-02", "", "false", "2026-09-30", "");
        assertThat(acme).hasSize(2);
        assertThat(parse(export("license-history", 101L))).extracting(r -> r.get(2))
                .containsExactly("action", "allocate", "disable auto-renewal");
    }

    @Test
    void anUnknownReportIsRefused() {
        assertThatThrownBy(() -> exports.write("licences", new CsvExports.Filter(SEP, null, null), new ByteArrayOutputStream()))
                .hasMessage("unknown report 'licences' (one of invoices, invoice-lines, site-usage, licenses, license-history)");
    }

    private byte[] export(String report, Long company) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exports.write(report, new CsvExports.Filter(SEP, company, null), out);
        return out.toByteArray();
    }

    private static List<List<String>> parse(byte[] csv) throws Exception {
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        try (MappingIterator<List<String>> it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).readValues(text)) {
            return it.readAll();
        }
    }

    private void usage(String org, String name, int day, int devices) throws Exception {
        try (Connection c = fixture.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO usage_record (module_id, org_id, org_name, billing_type, quantity, usage_date, source_record_id)
                VALUES ('datto-rmm', ?, ?, 'devices', ?, ?, ?)""")) {
            ps.setString(1, org);
            ps.setString(2, name);
            ps.setBigDecimal(3, BigDecimal.valueOf(devices));
            ps.setObject(4, SEP.atDay(day));
            ps.setString(5, org);
            ps.executeUpdate();
        }
    }

    /** Acme's contract line on those days, as the daily sync sums them: 4 + 6 = 10 and 4 + 7 = 11. */
    private void quantities() throws Exception {
        try (Connection c = fixture.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO daily_quantity (contract_id, service_id, usage_date, quantity, proration)
                VALUES (11, 500, ?, ?, 'daily') ON CONFLICT (contract_id, service_id, usage_date)
                DO UPDATE SET quantity = excluded.quantity""")) {
            for (int[] day : new int[][] {{29, 10}, {30, 11}}) {
                ps.setObject(1, SEP.atDay(day[0]));
                ps.setBigDecimal(2, BigDecimal.valueOf(day[1]));
                ps.executeUpdate();
            }
        }
    }
}
