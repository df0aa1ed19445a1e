package io.usagebilling.invoicing;

import io.usagebilling.invoicing.ExportRows.InvoiceLineRow;
import io.usagebilling.invoicing.ExportRows.InvoiceRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The invoice as one XHTML page with its print stylesheet inline: shown in a browser, printed, and
 * the source of the PDF (openhtmltopdf reads XHTML, so every element is closed and every text escaped).
 */
public final class InvoiceHtml {

    private static final String CSS = stylesheet();

    private InvoiceHtml() {}

    static String render(InvoiceDocument d) {
        InvoiceRow i = d.invoice();
        StringBuilder h = new StringBuilder(4_096);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>Invoice ")
                .append(d.number()).append(" - ").append(esc(i.companyName())).append("</title><style>").append(CSS)
                .append("</style></head><body><main class=\"sheet\"><header><div class=\"seller\"><h2>From</h2><strong>")
                .append(esc(d.seller().name())).append("</strong>");
        d.seller().address().forEach(line -> h.append("<br/>").append(esc(line)));
        h.append("</div><div class=\"meta\"><h1>").append(i.kind().equals("adjustment") ? "ADJUSTMENT INVOICE" : "INVOICE")
                .append("</h1><div>No. <strong>").append(d.number()).append("</strong></div><div>Issued ")
                .append(i.issuedOn()).append("</div><div>Period ").append(d.period().atDay(1)).append(" to ")
                .append(d.period().atEndOfMonth()).append("</div>");
        if (!i.status().equals("finalized")) {
            h.append("<div class=\"draft\">DRAFT: the month is not finalized</div>");
        }
        h.append("</div></header><section class=\"client\"><h2>Bill to</h2><strong>").append(esc(i.companyName()))
                .append("</strong><br/>Company ").append(i.companyId()).append("</section>")
                .append("<table class=\"lines\"><thead><tr><th scope=\"col\">Description</th>")
                .append("<th scope=\"col\" class=\"contract\">Contract / service</th><th scope=\"col\">Proration</th>")
                .append("<th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Unit price</th>")
                .append("<th scope=\"col\" class=\"num\">Amount</th></tr></thead><tbody>");
        for (InvoiceLineRow l : d.lines()) {
            h.append("<tr><td>").append(esc(l.description())).append("</td><td class=\"contract\">").append(l.contractId())
                    .append(" / ").append(l.serviceId()).append("</td><td>").append(proration(l.proration()))
                    .append("</td><td class=\"num\">").append(plain(l.quantity(), 0)).append("</td><td class=\"num\">")
                    .append(plain(l.unitPrice(), 2)).append("</td><td class=\"num\">").append(money(l.amount(), i.currency()))
                    .append("</td></tr>");
        }
        if (d.lines().isEmpty()) {
            h.append("<tr><td colspan=\"6\">No billable usage this month.</td></tr>");
        }
        h.append("</tbody></table><table class=\"totals\"><tbody>");
        row(h, "Subtotal", money(i.subtotal(), i.currency()), "");
        if (i.minimumTopUp().signum() > 0) {
            row(h, "Monthly minimum top-up", money(i.minimumTopUp(), i.currency()), "");
        }
        if (i.creditUsed().signum() > 0) {
            row(h, "Credit used", "-" + money(i.creditUsed(), i.currency()), "");
        }
        row(h, "Total due", money(i.total(), i.currency()), "total");
        h.append("</tbody></table><section class=\"notes\">");
        if (i.creditGranted().signum() > 0) {
            h.append("<p>The top-up of ").append(money(i.creditGranted(), i.currency()))
                    .append(" is a credit for usage of this month billed later, valid until ").append(i.creditValidUntil())
                    .append(".</p>");
        }
        if (i.creditExpired().signum() > 0) {
            h.append("<p>Unused credit of the previous month expired: ").append(money(i.creditExpired(), i.currency()))
                    .append(" (not charged).</p>");
        }
        h.append("<p>Daily proration: the quantity is the month's average (unit-days over the days of the month).")
                .append(" Month-end: the quantity on the month's last day.</p></section></main></body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, String amount, String css) {
        h.append("<tr").append(css.isEmpty() ? "" : " class=\"" + css + "\"").append("><td>").append(label)
                .append("</td><td class=\"num\">").append(amount).append("</td></tr>");
    }

    private static String proration(String proration) {
        return proration.equals("month_end") ? "month-end" : proration;
    }

    private static String money(BigDecimal amount, String currency) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " " + esc(currency);
    }

    /** Without trailing zeros, but at least {@code minScale} decimals (3.00, 11.0667, 6). */
    private static String plain(BigDecimal value, int minScale) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < minScale ? stripped.setScale(minScale) : stripped.scale() < 0 ? stripped.setScale(0) : stripped)
                .toPlainString();
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The Content-Security-Policy source that lets a page of this origin show the document with its
     * inline stylesheet (the console opens it as a blob, which keeps the console's policy).
     */
    public static String styleSource() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CSS.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stylesheet() {
        try (InputStream in = InvoiceHtml.class.getResourceAsStream("/invoicing/invoice.css")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
