package io.usagebilling.invoicing;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.DayQuantity;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.InvoiceTotals;
import io.usagebilling.domain.Money;
import io.usagebilling.domain.Proration;
import io.usagebilling.store.Jdbc;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Invoices, their lines and the closed/finalized months in PostgreSQL; what a month close reads and writes. */
public final class InvoiceStore {

    /** Serializes closes and finalizations (Quartz and the CLI may run one at the same time). */
    private static final long CLOSE_LOCK = 0x1_4E_01CEL;

    private final Jdbc jdbc;

    public InvoiceStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Every service mapping whose module is enabled for billing (seed 001), in a stable order. */
    public List<ServiceLineSource> serviceLines() {
        return jdbc.query("""
                SELECT sm.company_id, sm.contract_id, sm.service_id, sm.proration, sm.module_id, m.name, sm.billing_type
                FROM service_mapping sm JOIN module m ON m.id = sm.module_id
                WHERE m.billing_enabled
                ORDER BY sm.company_id, sm.contract_id, sm.service_id, sm.module_id, sm.billing_type""",
                rs -> new ServiceLineSource(rs.getLong(1), new ContractLine(rs.getLong(2), rs.getLong(3)),
                        Proration.fromCode(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7)));
    }

    /** The month's day-by-day quantities of every contract line. */
    public Map<ContractLine, List<DayQuantity>> dailyQuantities(YearMonth month) {
        Map<ContractLine, List<DayQuantity>> byLine = new LinkedHashMap<>();
        jdbc.query("""
                SELECT contract_id, service_id, usage_date, quantity FROM daily_quantity
                WHERE usage_date BETWEEN ? AND ? ORDER BY contract_id, service_id, usage_date""",
                rs -> byLine.computeIfAbsent(new ContractLine(rs.getLong(1), rs.getLong(2)), k -> new ArrayList<>())
                        .add(new DayQuantity(Jdbc.date(rs, "usage_date"), rs.getBigDecimal(4))),
                month.atDay(1), month.atEndOfMonth());
        return byLine;
    }

    /** A closed usage month: when it was closed and finalized, its invoices (regular and adjustments) and their total. */
    public record ClosedMonth(String month, OffsetDateTime closedAt, OffsetDateTime finalizedAt, int invoices,
            BigDecimal total) {}

    /** The closed months, newest first. */
    public List<ClosedMonth> closedMonths() {
        return jdbc.query("""
                SELECT m.usage_month, m.closed_at, m.finalized_at, count(i.id) AS invoices, COALESCE(sum(i.total), 0) AS total
                FROM billing_month m LEFT JOIN invoice i ON i.usage_month = m.usage_month
                GROUP BY m.usage_month ORDER BY m.usage_month DESC""",
                rs -> new ClosedMonth(YearMonth.from(Jdbc.date(rs, "usage_month")).toString(),
                        rs.getObject("closed_at", OffsetDateTime.class), rs.getObject("finalized_at", OffsetDateTime.class),
                        rs.getInt("invoices"), rs.getBigDecimal("total")));
    }

    public boolean isFinalized(YearMonth month) {
        return jdbc.queryLong("SELECT count(*) FROM billing_month WHERE usage_month = ? AND finalized_at IS NOT NULL",
                month.atDay(1)) > 0;
    }

    /** Finalized months before {@code month}: where late usage becomes adjustment invoices. */
    public List<YearMonth> finalizedMonthsBefore(YearMonth month) {
        return jdbc.query("""
                SELECT usage_month FROM billing_month WHERE finalized_at IS NOT NULL AND usage_month < ?
                ORDER BY usage_month""", rs -> YearMonth.from(Jdbc.date(rs, "usage_month")), month.atDay(1));
    }

    /**
     * What was billed for a usage month, per company and line, summed over its invoices except the
     * adjustment drafts being rebuilt by the close issuing on {@code rebuiltIssuedOn}.
     */
    public Map<Long, Map<ContractLine, InvoiceLine>> billed(YearMonth month, LocalDate rebuiltIssuedOn, Currency currency) {
        Map<Long, Map<ContractLine, InvoiceLine>> byCompany = new LinkedHashMap<>();
        jdbc.query("""
                SELECT i.company_id, l.contract_id, l.service_id, min(l.description), min(l.proration),
                       sum(l.quantity), (array_agg(l.unit_price ORDER BY i.issued_on DESC))[1], sum(l.amount)
                FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
                WHERE i.usage_month = ? AND NOT (i.kind = 'adjustment' AND i.issued_on = ? AND i.status = 'draft')
                GROUP BY i.company_id, l.contract_id, l.service_id
                ORDER BY i.company_id, l.contract_id, l.service_id""", rs -> {
                    ContractLine line = new ContractLine(rs.getLong(2), rs.getLong(3));
                    return byCompany.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(line,
                            new InvoiceLine(line, rs.getString(4), Proration.fromCode(rs.getString(5)),
                                    rs.getBigDecimal(6), rs.getBigDecimal(7), new Money(rs.getBigDecimal(8), currency)));
                }, month.atDay(1), rebuiltIssuedOn);
        return byCompany;
    }

    /**
     * The month's credit still unspent: granted on its regular invoice, less what its adjustment
     * invoices used, except the adjustment drafts being rebuilt by the close issuing on {@code rebuiltIssuedOn}.
     */
    public Money creditLeft(long companyId, YearMonth month, LocalDate rebuiltIssuedOn, Currency currency) {
        BigDecimal left = jdbc.query("""
                SELECT COALESCE(sum(CASE WHEN kind = 'regular' THEN credit_granted ELSE -credit_used END), 0)
                FROM invoice WHERE company_id = ? AND usage_month = ? AND currency = ?
                    AND NOT (kind = 'adjustment' AND issued_on = ? AND status = 'draft')""",
                rs -> rs.getBigDecimal(1), companyId, month.atDay(1), currency.getCurrencyCode(), rebuiltIssuedOn).get(0);
        return new Money(left, currency);
    }

    /**
     * Stores what one close computed, in one transaction: each invoice is inserted, kept as it is
     * when identical (so re-closing keeps ids), or replaced when it is a draft that changed; drafts
     * this close no longer produces are removed. A finalized invoice is never touched.
     */
    public void saveClose(YearMonth month, LocalDate issuedOn, List<Invoice> invoices) {
        jdbc.inTransaction(c -> {
            save(c, month, issuedOn, invoices);
            return null;
        });
    }

    /** What {@link #issuedWith} would give after {@link #saveClose}, with nothing stored. */
    public List<StoredInvoice> preview(YearMonth month, LocalDate issuedOn, List<Invoice> invoices) {
        return jdbc.rolledBack(c -> {
            save(c, month, issuedOn, invoices);
            return issuedWith(c, month);
        });
    }

    private void save(Connection c, YearMonth month, LocalDate issuedOn, List<Invoice> invoices) throws SQLException {
        Jdbc.query(c, "SELECT pg_advisory_xact_lock(?)", rs -> null, CLOSE_LOCK);
        Jdbc.update(c, """
                INSERT INTO billing_month (usage_month, closed_at) VALUES (?, now())
                ON CONFLICT (usage_month) DO UPDATE SET closed_at = now()""", month.atDay(1));
        Set<Long> kept = new HashSet<>();
        for (Invoice invoice : invoices) {
            kept.add(store(c, invoice));
        }
        for (Long stale : Jdbc.query(c, """
                SELECT id FROM invoice WHERE status = 'draft'
                    AND ((kind = 'regular' AND usage_month = ?) OR (kind = 'adjustment' AND issued_on = ?))""",
                rs -> rs.getLong(1), month.atDay(1), issuedOn)) {
            if (!kept.contains(stale)) {
                Jdbc.update(c, "DELETE FROM invoice WHERE id = ?", stale);
            }
        }
    }

    /**
     * Inserts the invoice, or updates the draft of the same company, month, kind and issue date in
     * place: its number and each line's number (per contract line) stay, so a line explained or
     * exported before a re-close is still found after it.
     */
    private long store(Connection c, Invoice invoice) throws SQLException {
        Optional<StoredInvoice> existing = find(c, invoice);
        if (existing.isPresent() && existing.get().invoice().equals(invoice)) {
            return existing.get().id();
        }
        if (existing.isPresent() && existing.get().finalized()) {
            throw new IllegalStateException("invoice " + existing.get().id() + " is finalized and cannot change");
        }
        InvoiceTotals t = invoice.totals();
        Object[] totals = {t.total().currency().getCurrencyCode(), t.subtotal().amount(), t.minimumTopUp().amount(),
            t.creditGranted().amount(), invoice.creditValidUntil(), t.creditUsed().amount(), t.creditExpired().amount(),
            t.total().amount()};
        long id;
        if (existing.isPresent()) {
            id = existing.get().id();
            Jdbc.update(c, """
                    UPDATE invoice SET currency = ?, subtotal = ?, minimum_topup = ?, credit_granted = ?,
                        credit_valid_until = ?, credit_used = ?, credit_expired = ?, total = ? WHERE id = ?""",
                    append(totals, id));
        } else {
            id = Jdbc.query(c, """
                    INSERT INTO invoice (company_id, usage_month, kind, issued_on, status, currency, subtotal, minimum_topup,
                        credit_granted, credit_valid_until, credit_used, credit_expired, total)
                    VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", rs -> rs.getLong(1),
                    prepend(totals, invoice.companyId(), invoice.usageMonth().atDay(1), kind(invoice.kind()),
                            invoice.issuedOn())).get(0);
        }
        storeLines(c, id, invoice.lines());
        return id;
    }

    /** The lines in order; a contract line's row is kept (its id) when it was there before. */
    private static void storeLines(Connection c, long invoiceId, List<InvoiceLine> lines) throws SQLException {
        Jdbc.update(c, "UPDATE invoice_line SET line_no = -line_no WHERE invoice_id = ?", invoiceId); // free the numbers
        int lineNo = 0;
        List<Long> kept = new ArrayList<>();
        for (InvoiceLine l : lines) {
            kept.add(Jdbc.query(c, """
                    INSERT INTO invoice_line (invoice_id, line_no, contract_id, service_id, description, proration,
                        quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (invoice_id, contract_id, service_id) DO UPDATE SET line_no = excluded.line_no,
                        description = excluded.description, proration = excluded.proration, quantity = excluded.quantity,
                        unit_price = excluded.unit_price, amount = excluded.amount
                    RETURNING id""", rs -> rs.getLong(1),
                    invoiceId, ++lineNo, l.line().contractId(), l.line().serviceId(), l.description(), l.proration().code(),
                    l.quantity(), l.unitPrice(), l.amount().amount()).get(0));
        }
        Jdbc.update(c, "DELETE FROM invoice_line WHERE invoice_id = ? AND NOT id = ANY (?)", invoiceId,
                c.createArrayOf("bigint", kept.toArray()));
    }

    private static Object[] append(Object[] values, Object last) {
        Object[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static Object[] prepend(Object[] values, Object... first) {
        Object[] all = Arrays.copyOf(first, first.length + values.length);
        System.arraycopy(values, 0, all, first.length, values.length);
        return all;
    }

    /** Finalizes the month's regular drafts and the adjustment drafts issued with its close; returns how many. */
    public int finalizeMonth(YearMonth month) {
        return jdbc.inTransaction(c -> {
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(?)", rs -> null, CLOSE_LOCK);
            if (Jdbc.update(c, "UPDATE billing_month SET finalized_at = COALESCE(finalized_at, now()) WHERE usage_month = ?",
                    month.atDay(1)) == 0) {
                throw new IllegalStateException(month + " has not been closed yet: run close --month " + month + " first");
            }
            return Jdbc.update(c, """
                    UPDATE invoice SET status = 'finalized', finalized_at = now() WHERE status = 'draft'
                        AND ((kind = 'regular' AND usage_month = ?) OR (kind = 'adjustment' AND issued_on = ?))""",
                    month.atDay(1), month.plusMonths(1).atDay(1));
        });
    }

    /** The invoices issued on the close of {@code month} (its regular ones and adjustments of earlier months). */
    public List<StoredInvoice> issuedWith(YearMonth month) {
        return jdbc.inTransaction(c -> issuedWith(c, month));
    }

    private static List<StoredInvoice> issuedWith(Connection c, YearMonth month) throws SQLException {
        List<StoredInvoice> result = new ArrayList<>();
        for (long id : Jdbc.query(c, "SELECT id FROM invoice WHERE issued_on = ? ORDER BY company_id, usage_month, kind DESC",
                rs -> rs.getLong(1), month.plusMonths(1).atDay(1))) {
            result.add(load(c, id));
        }
        return result;
    }

    private Optional<StoredInvoice> find(Connection c, Invoice key) throws SQLException {
        List<Long> ids = Jdbc.query(c, "SELECT id FROM invoice WHERE company_id = ? AND usage_month = ? AND kind = ? AND issued_on = ?",
                rs -> rs.getLong(1), key.companyId(), key.usageMonth().atDay(1), kind(key.kind()), key.issuedOn());
        return ids.isEmpty() ? Optional.empty() : Optional.of(load(c, ids.get(0)));
    }

    private static StoredInvoice load(Connection c, long id) throws SQLException {
        List<Long> lineIds = new ArrayList<>();
        List<InvoiceLine> lines = new ArrayList<>();
        Currency currency = Currency.getInstance(Jdbc.query(c, "SELECT currency FROM invoice WHERE id = ?",
                rs -> rs.getString(1).trim(), id).get(0));
        Jdbc.query(c, """
                SELECT id, contract_id, service_id, description, proration, quantity, unit_price, amount
                FROM invoice_line WHERE invoice_id = ? ORDER BY line_no""", rs -> {
                    lineIds.add(rs.getLong(1));
                    return lines.add(new InvoiceLine(new ContractLine(rs.getLong(2), rs.getLong(3)), rs.getString(4),
                            Proration.fromCode(rs.getString(5)), rs.getBigDecimal(6), rs.getBigDecimal(7),
                            new Money(rs.getBigDecimal(8), currency)));
                }, id);
        return Jdbc.query(c, """
                SELECT i.company_id, i.usage_month, i.kind, i.issued_on, i.status, i.subtotal, i.minimum_topup,
                       i.credit_granted, i.credit_used, i.credit_expired, i.total, co.name
                FROM invoice i JOIN company co ON co.id = i.company_id WHERE i.id = ?""", rs -> new StoredInvoice(id,
                        rs.getString("name"), rs.getString("status").equals("finalized"),
                        new Invoice(rs.getLong("company_id"), YearMonth.from(Jdbc.date(rs, "usage_month")),
                                Invoice.Kind.valueOf(rs.getString("kind").toUpperCase()), Jdbc.date(rs, "issued_on"),
                                lines, new InvoiceTotals(money(rs, "subtotal", currency), money(rs, "minimum_topup", currency),
                                        money(rs, "credit_granted", currency), money(rs, "credit_used", currency),
                                        money(rs, "credit_expired", currency), money(rs, "total", currency))),
                        List.copyOf(lineIds)), id).get(0);
    }

    private static Money money(ResultSet rs, String column, Currency currency) throws SQLException {
        return new Money(rs.getBigDecimal(column), currency);
    }

    private static String kind(Invoice.Kind kind) {
        return kind.name().toLowerCase();
    }
}
