package io.usagebilling.psa;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.psa.PsaException.Outcome;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Requests to a PSA that signs in for a bearer token (Kaseya BMS, HaloPSA): each is sent with the
 * token, and a 401 (refused, so not applied, writes included) signs in again once and sends it again.
 */
public final class BearerCalls {

    /** The PSA's sign-in. Thread-safe. */
    public interface Tokens {

        /** A token to send: signs in when there is none (or it is about to expire). */
        String access();

        /** {@code refused} was answered 401: a new token, signing in again unless another request already did. */
        String renew(String refused);
    }

    private final Tokens tokens;
    private final Duration timeout;
    private final PsaHttp http;

    public BearerCalls(Tokens tokens, Duration timeout, PsaHttp http) {
        this.tokens = tokens;
        this.timeout = timeout;
        this.http = http;
    }

    public PsaHttp http() {
        return http;
    }

    /** Sends a JSON request with the token; {@code repeatable}: a read (see {@link PsaHttp#send}). */
    public JsonNode send(Supplier<HttpRequest.Builder> request, boolean repeatable, String what) {
        String token = tokens.access();
        try {
            return http.sendJson(authorized(request.get(), token), repeatable, what);
        } catch (PsaException e) {
            if (e.outcome() != Outcome.REJECTED || e.httpStatus() != 401) {
                throw e;
            }
            return http.sendJson(authorized(request.get(), tokens.renew(token)), repeatable, what);
        }
    }

    /** A sign-in: {@code fields} POSTed as a form body ({@code application/x-www-form-urlencoded}), JSON expected back. */
    public static HttpRequest formPost(URI uri, Map<String, String> fields, Duration timeout) {
        String form = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private HttpRequest authorized(HttpRequest.Builder builder, String token) {
        return builder.timeout(timeout).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json").build();
    }
}
