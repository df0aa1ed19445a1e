package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.support.RunningApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/unmapped over real HTTP, paged and filtered by the server: the counts of all and of those
 * matching with every page, the pages in the report's order, the search by organization name or id or
 * a suggested company's name in any case, and every bad parameter a 400 naming it.
 */
class UnmappedApiTest extends RunningApi {

    @BeforeAll
    static void unmappedSites() throws Exception {
        sitesNamedLikeCompaniesSynced();
    }

    @Test
    void everyPageCarriesTheCountsAndThePagesFollowTheReportsOrder() throws Exception {
        JsonNode all = call("/api/unmapped", 200);
        List<String> order = all.path("organizations").findValuesAsText("org");
        assertThat(order).containsExactly("site-zed", "site-dunlin", "site-lab", "site-depot", "site-annex", "site-elm");
        assertThat(all.path("unmapped").asInt()).isEqualTo(6);
        assertThat(all.path("matching").asInt()).isEqualTo(6);
        assertThat(all.path("offset").asInt()).isZero();
        assertThat(all.path("limit").asInt()).as("the default page").isEqualTo(50);

        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 8; offset += 4) {
            JsonNode page = call("/api/unmapped?limit=4&offset=" + offset, 200);
            assertThat(page.path("unmapped").asInt()).isEqualTo(6);
            assertThat(page.path("matching").asInt()).isEqualTo(6);
            assertThat(page.path("suggestions").asInt()).isEqualTo(all.path("suggestions").asInt());
            paged.addAll(page.path("organizations").findValuesAsText("org"));
        }
        assertThat(paged).isEqualTo(order);
        assertThat(call("/api/unmapped?offset=6", 200).path("organizations")).as("past the last").isEmpty();
        JsonNode zed = call("/api/unmapped?limit=1", 200).path("organizations").get(0);
        assertThat(zed.path("unbilled").path("amount").decimalValue()).as("the page's organization priced")
                .isEqualByComparingTo(all.path("organizations").get(0).path("unbilled").path("amount").decimalValue());
    }

    @Test
    void theSearchMatchesTheNameTheIdOrASuggestedCompanyInAnyCaseWithinTheModule() throws Exception {
        assertThat(orgs("q=acme")).containsExactly("site-lab");
        assertThat(orgs("q=%20ACME%20dental%20")).containsExactly("site-lab");
        assertThat(orgs("q=SITE-D")).containsExactly("site-dunlin", "site-depot");
        assertThat(orgs("q=" + URLEncoder.encode("freight ltd", StandardCharsets.UTF_8))).as("a suggested company's name")
                .containsExactly("site-dunlin");
        assertThat(orgs("q=nowhere")).isEmpty();
        assertThat(orgs("module=datto-rmm&q=e&limit=2&offset=1")).containsExactly("site-dunlin", "site-lab");
        JsonNode page = call("/api/unmapped?module=datto-rmm&q=e&limit=2&offset=1", 200);
        assertThat(page.path("matching").asInt()).isEqualTo(6);
        assertThat(call("/api/unmapped?q=site-d", 200).path("matching").asInt()).isEqualTo(2);
        assertThat(call("/api/unmapped?q=site-d", 200).path("unmapped").asInt()).isEqualTo(6);
    }

    @Test
    void aBadParameterIs400NamingIt() throws Exception {
        assertField("limit=0", "limit", "limit must be 1 to 500, not 0");
        assertField("limit=501", "limit", "limit must be 1 to 500, not 501");
        assertField("limit=ten", "limit", "limit must be a whole number, not 'ten'");
        assertField("limit=2.5", "limit", "limit must be a whole number, not '2.5'");
        assertField("offset=-1", "offset", "offset must be 0 to 2147483647, not -1");
        assertField("offset=99999999999", "offset", "offset must be 0 to 2147483647, not 99999999999");
        assertField("module=nope", "module", "unknown module 'nope' (not in mappings/modules.yaml)");
        assertField("q=a%00b", "q", "the query parameter 'q' holds a NUL character");
    }

    private static List<String> orgs(String query) throws Exception {
        return call("/api/unmapped?" + query, 200).path("organizations").findValuesAsText("org");
    }

    private static void assertField(String query, String field, String error) throws Exception {
        assertRefused("/api/unmapped?" + query, field, error);
    }

    private static JsonNode call(String path, int status) throws Exception {
        return send("GET", path, null, status);
    }
}
