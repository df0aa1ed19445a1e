package io.usagebilling.sim.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The demo's person at the console's Mapping view, over the REST API as the view does it: reads the unmapped
 * report page by page and accepts the most convincing suggestion (the best score of all).
 */
final class DemoReviewer {

    /** Organizations read a page: the most the endpoint gives. */
    private static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String appUrl;
    private final String token;

    DemoReviewer(String appUrl, String token) {
        this.appUrl = appUrl;
        this.token = token;
    }

    /** Accepts one suggestion and returns what it did, or that there was none. */
    String acceptBestSuggestion() throws IOException, InterruptedException {
        JsonNode best = null;
        JsonNode bestOrg = null;
        JsonNode page;
        int offset = 0;
        do {
            page = send("GET", "/api/unmapped?limit=" + PAGE + "&offset=" + offset, null).path("organizations");
            for (JsonNode org : page) {
                JsonNode top = org.path("suggestions").path(0);
                if (!top.isMissingNode() && (best == null || top.path("score").decimalValue().compareTo(best.path("score").decimalValue()) > 0)) {
                    best = top;
                    bestOrg = org;
                }
            }
            offset += page.size();
        } while (page.size() == PAGE);
        if (best == null) {
            return "demo: no suggestion to accept";
        }
        send("POST", "/api/org-mappings", JSON.writeValueAsString(Map.of("module", bestOrg.path("module").asText(),
                "org", bestOrg.path("org").asText(), "company", best.path("companyId").asLong())));
        return "demo: accepted through POST /api/org-mappings: " + bestOrg.path("module").asText() + " "
                + bestOrg.path("org").asText() + " \"" + bestOrg.path("name").asText() + "\" -> company "
                + best.path("companyId").asLong() + " \"" + best.path("companyName").asText() + "\" (score "
                + best.path("score").decimalValue().setScale(2, RoundingMode.DOWN).toPlainString() + ")";
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(appUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
