package io.usagebilling.invoicing;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.usagebilling.invoicing.ExportRows.InvoiceRow;
import io.usagebilling.store.Jdbc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** An invoice a client can receive, by its id: the document, its printable HTML and its PDF. */
public final class InvoiceDocuments {

    private final Jdbc jdbc;
    private final ExportRows rows;
    private final InvoiceDocument.Seller seller;

    public InvoiceDocuments(DataSource dataSource, ExportRows rows, InvoiceDocument.Seller seller) {
        this.jdbc = new Jdbc(dataSource);
        this.rows = rows;
        this.seller = seller;
    }

    /** The invoice with its lines, read as the exports read them; empty when there is no such invoice. */
    public Optional<InvoiceDocument> document(long invoiceId) {
        List<Key> keys = jdbc.query("SELECT usage_month, company_id FROM invoice WHERE id = ?",
                rs -> new Key(YearMonth.from(Jdbc.date(rs, "usage_month")), rs.getLong("company_id")), invoiceId);
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        YearMonth month = keys.get(0).month();
        long company = keys.get(0).company();
        InvoiceRow invoice = rows.invoices(month, company).stream().filter(i -> i.invoiceId() == invoiceId).findFirst()
                .orElseThrow();
        return Optional.of(new InvoiceDocument(seller, invoice, rows.invoiceLines(month, company).stream()
                .filter(l -> l.invoiceId() == invoiceId).toList()));
    }

    private record Key(YearMonth month, long company) {}

    public String html(InvoiceDocument document) {
        return InvoiceHtml.render(document);
    }

    public byte[] pdf(InvoiceDocument document) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(html(document), null);
            builder.toStream(pdf);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render invoice " + document.number() + " as PDF", e);
        }
        return pdf.toByteArray();
    }
}
