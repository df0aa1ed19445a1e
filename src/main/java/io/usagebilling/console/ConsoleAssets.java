package io.usagebilling.console;

import io.usagebilling.invoicing.InvoiceHtml;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The console's files (classpath {@code console/}): {@code /} is its page, {@code /console/...} its
 * scripts and stylesheets. Only names of letters, digits and dashes with a known extension are
 * served, so nothing else on the classpath can be reached. Fetching them needs no token: every piece
 * of data comes from /api with the token the user gives the page.
 */
public final class ConsoleAssets {

    private static final Pattern NAME = Pattern.compile("/console/((?:[a-z0-9-]+/)?[a-z0-9-]+)\\.(js|css|html|svg)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8", "svg", "image/svg+xml");

    /**
     * The page runs only its own scripts and calls only this server; it shows API documents as blobs
     * (chart images, the printable invoice, which keeps this policy and needs its inline stylesheet).
     */
    static final String POLICY = "default-src 'self'; img-src 'self' blob:; frame-src blob:; style-src 'self' "
            + InvoiceHtml.styleSource() + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** GET /: the console's page. */
    public void page(Exchange exchange) throws IOException {
        answer(exchange.getMessage(), "console/index.html", "html");
    }

    /** GET /console/{name}.{ext}: one of its files, else 404. */
    public void file(Exchange exchange) throws IOException {
        Matcher m = NAME.matcher(exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class));
        answer(exchange.getMessage(), m.matches() ? "console/" + m.group(1) + "." + m.group(2) : null, m.matches() ? m.group(2) : null);
    }

    private static void answer(Message out, String resource, String extension) throws IOException {
        byte[] body = null;
        if (resource != null) {
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
                body = in == null ? null : in.readAllBytes();
            }
        }
        out.removeHeaders("*"); // nothing of the request goes back as a response header
        out.setHeader("Cache-Control", "no-cache");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Content-Security-Policy", POLICY);
        if (body == null) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            out.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            out.setBody("not found");
            return;
        }
        out.setHeader(Exchange.CONTENT_TYPE, TYPES.get(extension));
        out.setBody(body);
    }
}
