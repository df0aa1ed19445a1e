package io.usagebilling.psa.bms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * The BMS bearer token: {@code POST /v2/security/authenticate} with user, password and tenant, then
 * {@code POST /v2/security/refreshtoken} with the refresh token when the access token is refused;
 * a refused refresh authenticates again. Both answer {@code {"Result":{"AccessToken","RefreshToken"}}}
 * (assumed shape). Thread-safe.
 */
final class BmsToken {

    private final URI base;
    private final String userName;
    private final String password;
    private final String tenant;
    private final Duration timeout;
    private final PsaHttp http;
    private String access;
    private String refresh;

    BmsToken(URI base, String userName, String password, String tenant, Duration timeout, PsaHttp http) {
        this.base = base;
        this.userName = userName;
        this.password = password;
        this.tenant = tenant;
        this.timeout = timeout;
        this.http = http;
    }

    synchronized String access() {
        if (access == null) {
            authenticate();
        }
        return access;
    }

    /** The access token was refused: refresh it (or, when that is refused too, authenticate again). */
    synchronized String renew() {
        if (refresh != null) {
            try {
                take(post("v2/security/refreshtoken", JsonNodeFactory.instance.objectNode().put("RefreshToken", refresh).toString(),
                        "BMS token refresh"));
                return access;
            } catch (PsaException e) {
                if (e.outcome() != Outcome.REJECTED) {
                    throw e;
                }
            }
        }
        authenticate();
        return access;
    }

    private void authenticate() {
        String body = JsonNodeFactory.instance.objectNode().put("UserName", userName).put("Password", password).put("Tenant", tenant)
                .toString();
        take(post("v2/security/authenticate", body, "BMS authentication of " + userName + " at " + tenant));
    }

    private JsonNode post(String path, String body, String what) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        // authenticating changes nothing in the PSA, so a failed attempt may be repeated
        return http.sendJson(request, true, what);
    }

    private void take(JsonNode answer) {
        JsonNode result = answer.path("Result");
        access = result.path("AccessToken").asText(null);
        refresh = result.path("RefreshToken").asText(null);
        if (access == null) {
            throw new PsaException(Outcome.REJECTED, "BMS token answer without Result.AccessToken: "
                    + PsaHttp.excerpt(answer.toString()));
        }
    }
}
