package io.usagebilling.intake.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.intake.normalize.PageUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4): the client authenticates with HTTP Basic and
 * gets an access token, reused until a minute before it expires.
 */
public final class OAuth2ClientCredentials {

    private static final Duration EARLY_RENEWAL = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant renewAt = Instant.MIN;

    public OAuth2ClientCredentials(String tokenUrl, String clientId, String clientSecret, String scope, Duration timeout,
                                   Clock clock) {
        this.tokenUrl = PageUrls.requireAbsoluteHttpUrl(PollAuth.required("tokenUrl", tokenUrl), "tokenUrl");
        this.clientId = PollAuth.required("clientId", clientId);
        this.clientSecret = PollAuth.required("clientSecret", clientSecret);
        this.scope = scope == null || scope.isBlank() ? null : scope;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public synchronized String accessToken() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    private void fetch() {
        String form = "grant_type=client_credentials"
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("OAuth2 token request to " + tokenUrl + " answered " + response.statusCode());
            }
            JsonNode body = JSON.readTree(response.body());
            String accessToken = body.path("access_token").asText("");
            if (accessToken.isBlank()) {
                throw new IllegalStateException("OAuth2 token response from " + tokenUrl + " has no access_token");
            }
            long expiresIn = body.path("expires_in").asLong(3600);
            token = accessToken;
            renewAt = clock.instant().plusSeconds(expiresIn).minus(EARLY_RENEWAL);
        } catch (IOException e) {
            throw new UncheckedIOException("OAuth2 token request to " + tokenUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching an OAuth2 token", e);
        }
    }
}
