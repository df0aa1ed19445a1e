package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.domain.Grant;
import io.usagebilling.invoicing.InvoiceDocument;
import io.usagebilling.invoicing.InvoiceDocuments;
import org.apache.camel.Exchange;

/** The printable invoice of one company and month: {@code GET /api/invoices/{id}/document} (HTML) and {@code .../pdf}. */
public final class InvoiceApi {

    private final ApiCalls calls;
    private final InvoiceDocuments documents;

    public InvoiceApi(ApiCalls calls, InvoiceDocuments documents) {
        this.calls = calls;
        this.documents = documents;
    }

    public void html(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> new Reply(200, "text/html; charset=utf-8",
                documents.html(document(r))));
    }

    public void pdf(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            InvoiceDocument document = document(r);
            return new Reply(200, "application/pdf", documents.pdf(document));
        });
    }

    private InvoiceDocument document(ApiRequest r) {
        long id = r.pathLong("id");
        return documents.document(id).orElseThrow(() -> new ApiCalls.NotFound("no invoice " + id));
    }
}
