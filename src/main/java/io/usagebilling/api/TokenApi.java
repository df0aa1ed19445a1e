package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.NotFound;
import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.domain.Grant;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/me}: who the token belongs to (any valid token; the console offers what its role may do);
 * {@code GET /api/tokens}: every API token with its expiry (never its value); {@code POST /api/tokens/{name}/revoke}.
 */
public final class TokenApi {

    private final ApiCalls calls;
    private final ApiTokens tokens;

    public TokenApi(ApiCalls calls, ApiTokens tokens) {
        this.calls = calls;
        this.tokens = tokens;
    }

    public void me(Exchange exchange) throws Exception {
        calls.run(exchange, null, r -> Reply.json(Me.of(r.who())));
    }

    public void list(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(tokens.list()));
    }

    public void revoke(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            String name = r.path("name");
            if (!tokens.revoke(name)) {
                throw new NotFound("no token named '" + name + "'");
            }
            return Reply.json(new Revoked(name));
        });
    }

    /** GET /api/me: the token's name, its role and, for an administrator, its grants. */
    public record Me(String name, String role, List<String> grants) {
        static Me of(ApiTokens.Caller caller) {
            return new Me(caller.name(), caller.provider() ? "provider" : "administrator",
                    caller.grants().stream().map(Grant::code).sorted().toList());
        }
    }

    /** POST /api/tokens/{name}/revoke: the token revoked. */
    public record Revoked(String revoked) {}
}
