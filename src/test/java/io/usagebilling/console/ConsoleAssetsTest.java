package io.usagebilling.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.invoicing.InvoiceHtml;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The console's files are served without a token, with a strict policy, and nothing else of the classpath is. */
class ConsoleAssetsTest extends RunningApi {

    @Test
    void thePageAndItsScriptsAreServedWithTheirTypesAndPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/console.js\">", "id=\"token-form\"");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).startsWith("default-src 'self';").contains("style-src 'self' " + InvoiceHtml.styleSource())
                .contains("frame-ancestors 'none'").doesNotContain("unsafe");

        HttpResponse<String> script = get("/console/core.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("export async function api(");
        assertThat(get("/console/console.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void onlyTheConsolesOwnFilesCanBeReached() throws Exception {
        for (String path : new String[] {"/console/", "/console/nothing.js", "/console/../application.properties",
                "/console/%2e%2e/invoicing/invoice.css", "/console/index.properties", "/console/views/../../logback.xml",
                "/console/a/b/c.js", "/console/CORE.JS"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("camel.");
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(fixture.baseUrl() + "/console/core.js"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(HTTP.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(404, 405);
    }

    @Test
    void theOldReviewPageAddressLeadsToTheMappingView() throws Exception {
        HttpResponse<String> old = get("/review");

        assertThat(old.statusCode()).isEqualTo(301);
        assertThat(old.headers().firstValue("Location")).hasValue("/#mapping");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
