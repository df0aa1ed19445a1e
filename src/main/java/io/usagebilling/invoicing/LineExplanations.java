package io.usagebilling.invoicing;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.domain.DayQuantity;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.Money;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.store.Jdbc;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads what is behind an invoice line, with the same joins the daily quantities were computed with. */
public final class LineExplanations {

    private final Jdbc jdbc;

    public LineExplanations(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Optional<LineExplanation> explain(long lineId) {
        return jdbc.inTransaction(c -> {
            List<LineExplanation.Header> found = Jdbc.query(c, """
                    SELECT l.id, l.invoice_id, l.contract_id, l.service_id, l.description, l.proration, l.quantity,
                           l.unit_price, l.amount, i.company_id, co.name, i.kind, i.status, i.usage_month, i.currency
                    FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id JOIN company co ON co.id = i.company_id
                    WHERE l.id = ?""", rs -> {
                        ContractLine line = new ContractLine(rs.getLong("contract_id"), rs.getLong("service_id"));
                        YearMonth month = YearMonth.from(Jdbc.date(rs, "usage_month"));
                        InvoiceLine invoiceLine = new InvoiceLine(line, rs.getString("description"),
                                Proration.fromCode(rs.getString("proration")), rs.getBigDecimal("quantity"),
                                rs.getBigDecimal("unit_price"),
                                new Money(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency").trim())));
                        return new LineExplanation.Header(rs.getLong("id"), rs.getLong("invoice_id"), rs.getLong("company_id"),
                                rs.getString("name"), Invoice.Kind.valueOf(rs.getString("kind").toUpperCase()),
                                rs.getString("status").equals("finalized"), month, invoiceLine);
                    }, lineId);
            if (found.isEmpty()) {
                return Optional.<LineExplanation>empty();
            }
            LineExplanation.Header e = found.get(0);
            ContractLine line = e.line().line();
            List<LineExplanation.Feed> feeds = Jdbc.query(c, """
                    SELECT sm.module_id, sm.billing_type, om.org_id
                    FROM service_mapping sm JOIN org_mapping om ON om.module_id = sm.module_id AND om.company_id = sm.company_id
                    WHERE sm.contract_id = ? AND sm.service_id = ? ORDER BY 1, 2, 3""",
                    rs -> new LineExplanation.Feed(rs.getString(1), rs.getString(2), rs.getString(3)),
                    line.contractId(), line.serviceId());
            List<DayQuantity> days = Jdbc.query(c, """
                    SELECT usage_date, quantity FROM daily_quantity
                    WHERE contract_id = ? AND service_id = ? AND usage_date BETWEEN ? AND ? ORDER BY usage_date""",
                    rs -> new DayQuantity(Jdbc.date(rs, "usage_date"), rs.getBigDecimal(2)),
                    line.contractId(), line.serviceId(), e.month().atDay(1), e.month().atEndOfMonth());
            List<UsageRecord> usage = Jdbc.query(c, """
                    SELECT u.module_id, u.org_id, u.org_name, u.billing_type, u.asset_id, u.quantity, u.usage_date,
                           u.source_record_id
                    FROM service_mapping sm
                    JOIN org_mapping om ON om.module_id = sm.module_id AND om.company_id = sm.company_id
                    JOIN current_usage u ON u.module_id = om.module_id AND u.org_id = om.org_id
                        AND u.billing_type = sm.billing_type
                    WHERE sm.contract_id = ? AND sm.service_id = ? AND u.usage_date BETWEEN ? AND ?
                    ORDER BY u.usage_date, u.module_id, u.org_id, u.source_record_id""",
                    rs -> new UsageRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), Jdbc.date(rs, "usage_date"), rs.getString(8)),
                    line.contractId(), line.serviceId(), e.month().atDay(1), e.month().atEndOfMonth());
            return Optional.of(new LineExplanation(e, feeds, days, usage));
        });
    }
}
