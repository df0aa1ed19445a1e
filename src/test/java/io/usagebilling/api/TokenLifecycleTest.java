package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.Grant;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens expire and can be revoked: after either, the token is refused like an unknown one. */
class TokenLifecycleTest extends RunningApi {

    @Test
    void aRevokedTokenIsRefusedAtOnceAndListedAsRevoked() throws Exception {
        String other = fixture.app().bean(ApiTokens.class).create("to-revoke", true, List.of());
        assertThat(call("GET", "/api/prices", other).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = call("POST", "/api/tokens/to-revoke/revoke", token);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(call("GET", "/api/prices", other).statusCode()).isEqualTo(401);
        String list = call("GET", "/api/tokens", token).body();
        assertThat(list).contains("\"name\":\"to-revoke\"").contains("\"expiresAt\"").doesNotContain("ubt_");
        assertThat(list.replaceAll("(?s).*\"name\":\"to-revoke\"(.*?)}.*", "$1")).contains("\"revokedAt\":\"");
        assertThat(call("POST", "/api/tokens/no-such-token/revoke", token).statusCode()).isEqualTo(404);
    }

    @Test
    void anyValidTokenLearnsWhoItIsAndWhatItMayDo() throws Exception {
        String admin = fixture.app().bean(ApiTokens.class).create("alice", false,
                List.of(Grant.LICENSE_USAGE_HISTORY, Grant.MANAGE_LICENSES));
        String bare = fixture.app().bean(ApiTokens.class).create("bob", false, List.of());

        assertThat(call("GET", "/api/me", admin).body())
                .isEqualTo("{\"name\":\"alice\",\"role\":\"administrator\",\"grants\":[\"license-usage-history\",\"manage-licenses\"]}");
        assertThat(call("GET", "/api/me", bare).body()).isEqualTo("{\"name\":\"bob\",\"role\":\"administrator\",\"grants\":[]}");
        assertThat(call("GET", "/api/me", token).body()).contains("\"role\":\"provider\"");
        assertThat(call("GET", "/api/me", "ubt_unknown").statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String expired = fixture.app().bean(ApiTokens.class).create("expired", true, List.of(), Duration.ofSeconds(-1));

        assertThat(call("GET", "/api/prices", expired).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> call(String method, String path, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + bearer).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
