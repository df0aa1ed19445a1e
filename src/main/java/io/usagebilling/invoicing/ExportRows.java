package io.usagebilling.invoicing;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.usagebilling.licenses.LicenseStore;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import javax.sql.DataSource;

/** The rows of the CSV exports, for one usage month and optionally one company. */
public final class ExportRows {

    @JsonPropertyOrder({"invoiceId", "companyId", "companyName", "usageMonth", "kind", "status", "issuedOn", "currency",
            "subtotal", "minimumTopUp", "creditGranted", "creditValidUntil", "creditUsed", "creditExpired", "total"})
    public record InvoiceRow(long invoiceId, long companyId, String companyName, String usageMonth, String kind,
            String status, LocalDate issuedOn, String currency, BigDecimal subtotal, BigDecimal minimumTopUp,
            BigDecimal creditGranted, LocalDate creditValidUntil, BigDecimal creditUsed, BigDecimal creditExpired,
            BigDecimal total) {}

    @JsonPropertyOrder({"invoiceId", "lineId", "lineNo", "companyId", "companyName", "usageMonth", "kind", "status",
            "contractId", "serviceId", "description", "proration", "quantity", "unitPrice", "amount", "currency"})
    public record InvoiceLineRow(long invoiceId, long lineId, int lineNo, long companyId, String companyName,
            String usageMonth, String kind, String status, long contractId, long serviceId, String description,
            String proration, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount, String currency) {}

    /** Usage per customer site (seed 000): one module organization's billing type over the month. */
    @JsonPropertyOrder({"usageMonth", "module", "orgId", "orgName", "companyId", "companyName", "billingType",
            "daysWithUsage", "unitDays", "averageQuantity", "peakQuantity", "lastDate", "lastQuantity"})
    public record SiteUsageRow(String usageMonth, String module, String orgId, String orgName, Long companyId,
            String companyName, String billingType, int daysWithUsage, BigDecimal unitDays, BigDecimal averageQuantity,
            BigDecimal peakQuantity, LocalDate lastDate, BigDecimal lastQuantity) {}

    /** A license with its state on the month's last day (seed 002's grid, "Export to CSV"). */
    @JsonPropertyOrder({"licenseId", "companyId", "licenseType", "assetId", "state", "used", "allocatedOn", "trialEnds",
            "autoRenew", "validUntil", "releasedOn"})
    public record LicenseRow(long licenseId, long companyId, String licenseType, String assetId, String state,
            boolean used, LocalDate allocatedOn, LocalDate trialEnds, boolean autoRenew, LocalDate validUntil,
            LocalDate releasedOn) {}

    @JsonPropertyOrder({"licenseId", "date", "action", "detail"})
    public record LicenseEventRow(long licenseId, LocalDate date, String action, String detail) {}

    private final Jdbc jdbc;
    private final LicenseStore licenses;

    public ExportRows(DataSource dataSource, LicenseStore licenses) {
        this.jdbc = new Jdbc(dataSource);
        this.licenses = licenses;
    }

    /** The month's licenses, each in its state on {@code day}. */
    public List<LicenseRow> licenses(YearMonth month, LocalDate day, Long company, String type) {
        return licenses.list(new LicenseStore.Filter(company, type, month)).stream()
                .map(l -> new LicenseRow(l.id(), l.companyId(), l.type(), l.assetId(),
                        l.stateOn(day).name().toLowerCase().replace('_', ' '), l.usedOn(day), l.allocatedOn(),
                        l.trialEnds(), l.autoRenew(), l.validUntil(), l.releasedOn()))
                .toList();
    }

    public List<LicenseEventRow> licenseHistory(YearMonth month, Long company, String type) {
        return licenses.history(new LicenseStore.Filter(company, type, month)).stream()
                .map(e -> new LicenseEventRow(e.licenseId(), e.date(), e.action(), e.detail())).toList();
    }

    /** Invoices of the usage month (regular and adjustments); {@code company} null for all. */
    public List<InvoiceRow> invoices(YearMonth month, Long company) {
        return jdbc.query("""
                SELECT i.id, i.company_id, co.name, i.usage_month, i.kind, i.status, i.issued_on, i.currency, i.subtotal,
                       i.minimum_topup, i.credit_granted, i.credit_valid_until, i.credit_used, i.credit_expired, i.total
                FROM invoice i JOIN company co ON co.id = i.company_id
                WHERE i.usage_month = ? AND (?::bigint IS NULL OR i.company_id = ?)
                ORDER BY i.company_id, i.issued_on, i.id""",
                rs -> new InvoiceRow(rs.getLong(1), rs.getLong(2), rs.getString(3), month.toString(), rs.getString(5),
                        rs.getString(6), Jdbc.date(rs, "issued_on"), rs.getString(8).trim(), rs.getBigDecimal(9),
                        rs.getBigDecimal(10), rs.getBigDecimal(11), Jdbc.date(rs, "credit_valid_until"),
                        rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getBigDecimal(15)),
                month.atDay(1), company, company);
    }

    public List<InvoiceLineRow> invoiceLines(YearMonth month, Long company) {
        return jdbc.query("""
                SELECT i.id, l.id, l.line_no, i.company_id, co.name, i.kind, i.status, l.contract_id, l.service_id,
                       l.description, l.proration, l.quantity, l.unit_price, l.amount, i.currency
                FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id JOIN company co ON co.id = i.company_id
                WHERE i.usage_month = ? AND (?::bigint IS NULL OR i.company_id = ?)
                ORDER BY i.company_id, i.issued_on, i.id, l.line_no""",
                rs -> new InvoiceLineRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        month.toString(), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getString(10),
                        rs.getString(11), rs.getBigDecimal(12), rs.getBigDecimal(13), rs.getBigDecimal(14),
                        rs.getString(15).trim()),
                month.atDay(1), company, company);
    }

    /** Summed in SQL from the raw usage records; unmapped sites are included with an empty company. */
    public List<SiteUsageRow> siteUsage(YearMonth month, Long company) {
        return jdbc.query("""
                WITH daily AS (
                    SELECT module_id, org_id, billing_type, usage_date, max(org_name) AS org_name, sum(quantity) AS quantity
                    FROM current_usage WHERE usage_date BETWEEN ? AND ?
                    GROUP BY module_id, org_id, billing_type, usage_date)
                SELECT d.module_id, d.org_id, max(d.org_name), om.company_id, co.name, d.billing_type,
                       count(*), sum(d.quantity), round(sum(d.quantity) / ?, 4), max(d.quantity), max(d.usage_date),
                       (array_agg(d.quantity ORDER BY d.usage_date DESC))[1]
                FROM daily d
                LEFT JOIN org_mapping om ON om.module_id = d.module_id AND om.org_id = d.org_id
                LEFT JOIN company co ON co.id = om.company_id
                WHERE ?::bigint IS NULL OR om.company_id = ?
                GROUP BY d.module_id, d.org_id, om.company_id, co.name, d.billing_type
                ORDER BY om.company_id NULLS LAST, d.module_id, d.org_id, d.billing_type""",
                rs -> new SiteUsageRow(month.toString(), rs.getString(1), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getBigDecimal(8),
                        rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getObject(11, LocalDate.class), rs.getBigDecimal(12)),
                month.atDay(1), month.atEndOfMonth(), month.lengthOfMonth(), company, company);
    }
}
