package io.usagebilling.invoicing;

import io.usagebilling.domain.DayQuantity;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.PriceCatalog;
import io.usagebilling.domain.Proration;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.PriceFiles;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Currency;
import java.util.stream.Collectors;

/**
 * {@code explain --invoice-line ID}: answers "why was I charged for 37 devices?" with the line, the
 * mappings feeding it, each day's quantity and price, the arithmetic, and the raw usage records.
 */
public final class LineExplainer {

    private final LineExplanations explanations;
    private final MappingLoader mappings;
    private final Path mappingsDir;

    public LineExplainer(LineExplanations explanations, MappingLoader mappings, Path mappingsDir) {
        this.explanations = explanations;
        this.mappings = mappings;
        this.mappingsDir = mappingsDir;
    }

    public LineExplanation explain(long lineId) {
        return explanations.explain(lineId)
                .orElseThrow(() -> new IllegalArgumentException("no invoice line " + lineId));
    }

    public String text(long lineId) {
        LineExplanation e = explain(lineId);
        LineExplanation.Header h = e.header();
        InvoiceLine line = h.line();
        Currency currency = line.amount().currency();
        PriceCatalog prices = PriceFiles.load(mappingsDir, mappings.reloadIfChanged());
        StringBuilder out = new StringBuilder();
        out.append("invoice line ").append(h.lineId()).append(" on invoice ").append(h.invoiceId()).append(": ")
                .append(h.companyName()).append(" (company ").append(h.companyId()).append("), usage month ")
                .append(h.month()).append(", ").append(h.kind().name().toLowerCase()).append(", ")
                .append(h.finalized() ? "finalized" : "draft").append('\n');
        out.append("  ").append(line.line()).append(": ").append(line.description()).append(", proration ")
                .append(line.proration().code()).append('\n');
        out.append("  billed: quantity ").append(line.quantity().toPlainString()).append(" x unit price ")
                .append(plain(line.unitPrice())).append(" -> ").append(line.amount())
                .append(line.proration() == Proration.DAILY
                        ? "  (sum of quantity x price per day / " + h.month().lengthOfMonth() + " days)"
                        : "  (quantity on " + h.month().atEndOfMonth() + " x its price)")
                .append('\n');
        out.append("fed by (services.yaml, organizations.yaml):\n");
        e.feeds().forEach(f -> out.append("  ").append(f.module()).append(' ').append(f.billingType())
                .append(" of organization ").append(f.org()).append('\n'));
        out.append("daily quantities (").append(e.days().size()).append(" days; unit price from ")
                .append(PriceFiles.PRICES).append(" today):\n");
        for (DayQuantity d : e.days()) {
            String price = e.feeds().stream()
                    .map(f -> prices.unitPrice(f.module(), f.billingType(), currency, d.date())
                            .map(p -> p.stripTrailingZeros().toPlainString()).orElse("none"))
                    .distinct().collect(Collectors.joining("/"));
            out.append("  ").append(d.date()).append("  ").append(plain(d.quantity()))
                    .append("  ").append(price).append('\n');
        }
        out.append("usage records (").append(e.usage().size()).append("):\n");
        for (UsageRecord u : e.usage()) {
            out.append("  ").append(u.usageDate()).append("  ").append(u.module()).append("  ").append(u.orgId())
                    .append(" \"").append(u.orgName()).append("\"  ").append(u.billingType())
                    .append(u.assetId() == null ? "" : "  asset " + u.assetId())
                    .append("  quantity ").append(plain(u.quantity())).append("  source ").append(u.sourceRecordId())
                    .append('\n');
        }
        return out.toString();
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
