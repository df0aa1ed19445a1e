package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.NotFound;
import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.domain.Grant;
import org.apache.camel.Exchange;

/** {@code GET /api/tokens}: every API token with its expiry (never its value); {@code POST /api/tokens/{name}/revoke}. */
public final class TokenApi {

    private final ApiCalls calls;
    private final ApiTokens tokens;

    public TokenApi(ApiCalls calls, ApiTokens tokens) {
        this.calls = calls;
        this.tokens = tokens;
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

    /** POST /api/tokens/{name}/revoke: the token revoked. */
    public record Revoked(String revoked) {}
}
