package io.usagebilling.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datto RMM's token endpoint ({@code POST /auth/oauth/token}): the OAuth2 password grant of the
 * public client ({@code public-client:public} in HTTP Basic), the API key and secret as username and
 * password; the tokens it issues expire (100 hours on the real API), after which the API answers 401.
 */
final class DattoRmmTokens {

    /** What the token endpoint answers: a status and its JSON body. */
    record Answer(int status, String json) {}

    private static final byte[] PUBLIC_CLIENT = ("Basic " + Base64.getEncoder()
            .encodeToString("public-client:public".getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);

    private final byte[] apiKey;
    private final byte[] apiSecret;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    DattoRmmTokens(String apiKey, String apiSecret) {
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        this.apiSecret = apiSecret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A token for a grant request, or the refusal. The refusals' statuses and error codes are Spring
     * Security OAuth's (which the real endpoint's paths suggest); no public source confirms them.
     */
    Answer issue(String authorization, String form, Instant now, Duration lifetime) {
        if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), PUBLIC_CLIENT)) {
            return new Answer(401, DattoRmmPageJson.error("unauthorized"));
        }
        Map<String, String> params;
        try {
            params = DattoRmmPageQuery.params(form);
        } catch (IllegalArgumentException e) {
            return new Answer(400, DattoRmmPageJson.error("invalid_request"));
        }
        if (!"password".equals(params.get("grant_type"))) {
            return new Answer(400, DattoRmmPageJson.error("unsupported_grant_type"));
        }
        if (!matches(params.get("username"), apiKey) | !matches(params.get("password"), apiSecret)) {
            return new Answer(400, DattoRmmPageJson.error("invalid_grant"));
        }
        expiries.values().removeIf(expiry -> !now.isBefore(expiry));
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        expiries.put(token, now.plus(lifetime));
        return new Answer(200, DattoRmmPageJson.token(token, lifetime.toSeconds()));
    }

    /** Whether the header carries a token issued here that has not expired at {@code now}. */
    boolean valid(String authorization, Instant now) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        Instant expiry = expiries.get(authorization.substring("Bearer ".length()));
        return expiry != null && now.isBefore(expiry);
    }

    /** Every token issued so far is expired from now on. */
    void expireAll() {
        expiries.clear();
    }

    /** Constant-time: the simulator should not teach timing leaks by example. */
    private static boolean matches(String given, byte[] expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected);
    }
}
