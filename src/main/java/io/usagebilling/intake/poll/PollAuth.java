package io.usagebilling.intake.poll;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The headers that authenticate a request to a module's usage API: {@code none}, {@code api-key}
 * (a named header), {@code bearer} (a fixed token), {@code basic} (user and password) or
 * {@code oauth2} (a token, fetched and renewed as needed; see {@link OAuth2Tokens}).
 */
public final class PollAuth {

    private final Supplier<Map<String, String>> headers;
    private final BooleanSupplier renew;

    /** Fixed credentials: nothing to renew. */
    private PollAuth(Supplier<Map<String, String>> headers) {
        this(headers, () -> false);
    }

    private PollAuth(Supplier<Map<String, String>> headers, BooleanSupplier renew) {
        this.headers = headers;
        this.renew = renew;
    }

    public static PollAuth none() {
        return new PollAuth(Map::of);
    }

    public static PollAuth apiKey(String header, String key) {
        Map<String, String> h = Map.of(required("apiKeyHeader", header), required("apiKey", key));
        return new PollAuth(() -> h);
    }

    public static PollAuth bearer(String token) {
        Map<String, String> h = Map.of("Authorization", "Bearer " + required("token", token));
        return new PollAuth(() -> h);
    }

    public static PollAuth basic(String user, String password) {
        String pair = required("username", user) + ":" + required("password", password);
        Map<String, String> h = Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        return new PollAuth(() -> h);
    }

    public static PollAuth oauth2(OAuth2Tokens tokens) {
        return new PollAuth(() -> Map.of("Authorization", "Bearer " + tokens.accessToken()), () -> {
            tokens.renew();
            return true;
        });
    }

    /** The headers to send with the next request. */
    public Map<String, String> headers() {
        return headers.get();
    }

    /**
     * Replaces credentials the API refused by new ones (a token) for the next {@link #headers()};
     * false when they are fixed, so sending them again would be refused again.
     */
    public boolean renew() {
        return renew.getAsBoolean();
    }

    static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
