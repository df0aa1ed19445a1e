package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.BillingFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The printable invoice of the golden September (MonthCloseTest): Birch used 6 devices all month at
 * $3.00, so 18.00 spent, topped up to the $20.00 minimum with a 2.00 credit valid until 30 Sep. Read
 * over REST as HTML and as PDF, whose text is extracted and checked.
 */
class InvoiceDocumentApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YearMonth SEP = YearMonth.of(2026, 9);

    private BillingFixture fixture;
    private String token;
    private long birch;

    @BeforeEach
    void closeSeptember() throws Exception {
        fixture = new BillingFixture().withHttpServer().with("billing.seller.name", "Northwind IT")
                .with("billing.seller.address", "1 Harbour Road | Springfield 01101");
        fixture.start();
        token = fixture.providerToken();
        fixture.dailyQuantity(11, SEP, 1, 30, 10);
        fixture.dailyQuantity(12, SEP, 1, 30, 6);
        fixture.execute("UPDATE company SET name = 'Birch & Sons <Dental>' WHERE id = 102");
        assertThat(call("POST", "/api/months/" + SEP + "/close").statusCode()).isEqualTo(200);
        for (JsonNode invoice : JSON.readTree(call("GET", "/api/invoices?month=" + SEP + "&company=102").body())) {
            birch = invoice.path("invoiceId").asLong();
        }
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void thePdfShowsSellerClientPeriodLinesMinimumCreditAndTotal() throws Exception {
        HttpResponse<byte[]> pdf = HTTP.send(request("GET", "/api/invoices/" + birch + "/pdf"), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        Files.write(Path.of("target", "invoice-golden-september.pdf"), pdf.body()); // for a person to look at
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
        assertThat(text).contains("Northwind IT", "1 Harbour Road", "Springfield 01101", "Birch & Sons <Dental>",
                String.format("INV-%06d", birch), "Period 2026-09-01 to 2026-09-30", "Issued 2026-10-01",
                "DRAFT", "Datto RMM devices", "daily", "6 3.00 18.00 USD", "Subtotal 18.00 USD",
                "Monthly minimum top-up 2.00 USD", "Total due 20.00 USD", "valid until 2026-09-30");
    }

    @Test
    void theHtmlIsPrintableEscapedAndAFinalizedMonthIsNoDraft() throws Exception {
        assertThat(call("POST", "/api/months/" + SEP + "/finalize").statusCode()).isEqualTo(200);

        HttpResponse<String> html = call("GET", "/api/invoices/" + birch + "/document");

        assertThat(html.statusCode()).isEqualTo(200);
        Files.writeString(Path.of("target", "invoice-golden-september.html"), html.body());
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(html.body()).contains("Birch &amp; Sons &lt;Dental&gt;", "@media print", "@page", "Total due")
                .doesNotContain("<Dental>", "DRAFT");
        assertThat(call("GET", "/api/invoices/999999/pdf").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path) {
        return HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
}
