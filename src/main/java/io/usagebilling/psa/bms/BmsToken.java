package io.usagebilling.psa.bms;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.psa.BearerCalls;
import io.usagebilling.psa.ErrorBodies;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BMS bearer token: {@code POST /v2/security/authenticate} with a form body
 * ({@code grantType=password}, userName, password, tenant), answered {@code {"result":{"accessToken",...}}}
 * (both confirmed by public clients). A refused token signs in again: the answer also holds a refresh
 * token, but no public source shows the refresh call, and signing in is the call that is known. Thread-safe.
 */
final class BmsToken implements BearerCalls.Tokens {

    /** A sign-in refused is a setting to fix: nothing will go until it is. */
    private static final ErrorBodies REFUSED_SIGN_IN = new ErrorBodies() {
        @Override
        public String settingRefused(int status, String body) {
            return status != 401 && status != 403 ? null : "BMS refused the sign-in: check psa.bms.username, .password"
                    + " and .tenant (BMS_USERNAME, BMS_PASSWORD, BMS_TENANT)";
        }
    };

    private final URI base;
    private final BmsContractUnits.Settings settings;
    private final Duration timeout;
    private final PsaHttp http;
    private String access;

    BmsToken(URI base, BmsContractUnits.Settings settings, Duration timeout, PsaHttp http) {
        this.base = base;
        this.settings = settings;
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public synchronized String access() {
        if (access == null) {
            authenticate();
        }
        return access;
    }

    /** The access token was refused (it expired): sign in again, once for all the requests it was refused to. */
    @Override
    public synchronized String renew(String refused) {
        if (refused.equals(access)) {
            authenticate();
        }
        return access;
    }

    private void authenticate() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grantType", "password");
        form.put("userName", settings.userName());
        form.put("password", settings.password());
        form.put("tenant", settings.tenant());
        // signing in changes nothing in the PSA, so a failed attempt may be repeated
        JsonNode answer = http.sendJson(BearerCalls.formPost(base.resolve("v2/security/authenticate"), form, timeout), true,
                "BMS authentication of " + settings.userName() + " at " + settings.tenant(), REFUSED_SIGN_IN);
        access = answer.path("result").path("accessToken").asText(null);
        if (access == null) {
            throw new PsaException(Outcome.REJECTED, "BMS sign-in answer without result.accessToken: "
                    + PsaHttp.excerpt(answer.toString()));
        }
    }
}
