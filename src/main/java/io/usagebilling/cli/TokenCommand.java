package io.usagebilling.cli;

import io.usagebilling.api.ApiTokens;
import java.io.PrintStream;
import java.time.Duration;

/** {@code token}: a new REST API token, the tokens with their expiry, or one revoked. */
final class TokenCommand {

    private TokenCommand() {}

    /** token (a new one, printed once), token list, token revoke --name NAME. */
    static int run(ApiTokens tokens, Arguments a, PrintStream out, PrintStream err) {
        String action = a.option("action") == null ? "create" : a.option("action");
        switch (action) {
            case "list" -> tokens.list().forEach(t -> out.println(t.name() + "  " + t.role() + "  grants=" + t.grants()
                    + "  created " + t.createdAt() + "  expires " + t.expiresAt()
                    + (t.revokedAt() == null ? "" : "  revoked " + t.revokedAt())));
            case "revoke" -> {
                if (!tokens.revoke(a.required("name"))) {
                    err.println("usage-billing: no token named '" + a.required("name") + "'");
                    return 1;
                }
                out.println("revoked " + a.required("name"));
            }
            default -> {
                Duration validFor = a.option("days") == null ? ApiTokens.DEFAULT_VALIDITY
                        : Duration.ofDays(a.intOption("days", 90));
                out.println(tokens.create(a.required("name"), a.provider(), a.grants(), validFor));
                err.println("usage-billing: token '" + a.required("name") + "' expires in " + validFor.toDays() + " days");
            }
        }
        return 0;
    }
}
