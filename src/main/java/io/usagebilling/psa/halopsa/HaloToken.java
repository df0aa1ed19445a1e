package io.usagebilling.psa.halopsa;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.psa.BearerCalls;
import io.usagebilling.psa.ErrorBodies;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HaloPSA bearer token, by the client-credentials grant (confirmed by public clients): a form
 * {@code POST {auth}/token[?tenant=]} with {@code grant_type=client_credentials}, client_id,
 * client_secret and {@code scope=all}, answered {@code access_token} and {@code expires_in} (seconds).
 * A new token is asked for before the old one expires (a tenth of its life early, at most a minute), and
 * when one is refused. Halo refusing the credentials (401) is a setting to fix, never a lost answer. Thread-safe.
 */
final class HaloToken implements BearerCalls.Tokens {

    private static final long MOST_SECONDS_EARLY = 60;

    private final URI tokenUri;
    private final HaloContractUnits.Settings settings;
    private final Duration timeout;
    private final PsaHttp http;
    private final ErrorBodies refusal;
    private String access;
    /** From when the token is renewed before use; null: Halo gave no expiry. */
    private Instant renewAt;

    HaloToken(HaloContractUnits.Settings settings, Duration timeout, PsaHttp http) {
        this.settings = settings;
        this.timeout = timeout;
        this.http = http;
        this.tokenUri = settings.authUrl().resolve("token" + (settings.tenant().isEmpty() ? ""
                : "?tenant=" + URLEncoder.encode(settings.tenant(), StandardCharsets.UTF_8)));
        this.refusal = new ErrorBodies() {
            @Override
            public String settingRefused(int status, String body) {
                return status == 401 || body != null && body.contains("\"invalid_client\"") ? credentialsRefused() : null;
            }
        };
    }

    @Override
    public synchronized String access() {
        if (access == null || renewAt != null && !Instant.now().isBefore(renewAt)) {
            signIn();
        }
        return access;
    }

    @Override
    public synchronized String renew(String refused) {
        if (refused.equals(access)) {
            signIn();
        }
        return access;
    }

    private void signIn() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        form.put("scope", "all");
        Instant asked = Instant.now();
        // signing in changes nothing in the PSA, so a failed attempt may be repeated
        JsonNode answer = http.sendJson(BearerCalls.formPost(tokenUri, form, timeout), true,
                "HaloPSA sign-in of client " + settings.clientId(), refusal);
        String token = answer.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new PsaException(Outcome.REJECTED, "HaloPSA sign-in answer without access_token: " + PsaHttp.excerpt(answer.toString()));
        }
        access = token;
        long lifetime = answer.path("expires_in").asLong(0);
        renewAt = lifetime <= 0 ? null : asked.plusSeconds(lifetime - Math.min(lifetime / 10, MOST_SECONDS_EARLY));
    }

    private String credentialsRefused() {
        return "HaloPSA refused the client credentials at " + tokenUri + ": check psa.halopsa.client-id (HALO_CLIENT_ID) and "
                + "psa.halopsa.client-secret (HALO_CLIENT_SECRET)" + (settings.tenant().isEmpty()
                ? ", and set psa.halopsa.tenant (HALO_TENANT) if your instance is hosted" : " for tenant " + settings.tenant()
                + " (psa.halopsa.tenant, HALO_TENANT)");
    }
}
