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
 * An OAuth 2.0 access token for one client, from the token endpoint (RFC 6749): by the client
 * credentials grant (§4.4) or the resource owner password grant (§4.3, Datto RMM's: the API key and
 * secret as user and password). The client authenticates with HTTP Basic. The token is reused until
 * shortly before it expires, and renewed on demand when the API refuses it anyway.
 */
public final class OAuth2Tokens {

    /** Renewed this long before it expires at most, so no page goes out with a token about to lapse. */
    private static final Duration EARLY_RENEWAL = Duration.ofMinutes(1);
    /** An answer without expires_in (optional in RFC 6749): assumed to last this long. */
    private static final long DEFAULT_EXPIRES_IN = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenUrl;
    private final String clientAuthorization;
    private final String grant;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant renewAt = Instant.MIN;

    private OAuth2Tokens(String tokenUrl, String clientId, String clientSecret, String grant, Duration timeout, Clock clock) {
        this.tokenUrl = PageUrls.requireAbsoluteHttpUrl(PollAuth.required("tokenUrl", tokenUrl), "tokenUrl");
        this.clientAuthorization = "Basic " + Base64.getEncoder().encodeToString((form(PollAuth.required("clientId", clientId))
                + ":" + form(PollAuth.required("clientSecret", clientSecret))).getBytes(StandardCharsets.UTF_8));
        this.grant = grant;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The client credentials grant; {@code scope} may be blank. */
    public static OAuth2Tokens clientCredentials(String tokenUrl, String clientId, String clientSecret, String scope,
                                                 Duration timeout, Clock clock) {
        return new OAuth2Tokens(tokenUrl, clientId, clientSecret, "grant_type=client_credentials" + scope(scope), timeout, clock);
    }

    /** The resource owner password grant; {@code scope} may be blank. */
    public static OAuth2Tokens password(String tokenUrl, String clientId, String clientSecret, String username,
                                        String password, String scope, Duration timeout, Clock clock) {
        return new OAuth2Tokens(tokenUrl, clientId, clientSecret, "grant_type=password&username="
                + form(PollAuth.required("username", username)) + "&password=" + form(PollAuth.required("password", password))
                + scope(scope), timeout, clock);
    }

    /** The token in hand while it is valid, else a new one. */
    public synchronized String accessToken() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** Gets a new token, whatever the one in hand: the API refused that one. */
    public synchronized void renew() {
        fetch();
    }

    private void fetch() {
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Authorization", clientAuthorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(grant)).build();
        try {
            Instant asked = clock.instant();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("OAuth2 token request to " + tokenUrl + " answered " + response.statusCode());
            }
            JsonNode body = JSON.readTree(response.body());
            String accessToken = body.path("access_token").asText("");
            if (accessToken.isBlank()) {
                throw new IllegalStateException("OAuth2 token response from " + tokenUrl + " has no access_token");
            }
            Duration life = Duration.ofSeconds(body.path("expires_in").asLong(DEFAULT_EXPIRES_IN));
            Duration early = life.dividedBy(10).compareTo(EARLY_RENEWAL) < 0 ? life.dividedBy(10) : EARLY_RENEWAL;
            token = accessToken;
            renewAt = asked.plus(life).minus(early);
        } catch (IOException e) {
            throw new UncheckedIOException("OAuth2 token request to " + tokenUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching an OAuth2 token", e);
        }
    }

    private static String scope(String scope) {
        return scope == null || scope.isBlank() ? "" : "&scope=" + form(scope);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
