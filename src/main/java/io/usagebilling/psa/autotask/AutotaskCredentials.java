package io.usagebilling.psa.autotask;

import java.util.Objects;

/**
 * The three headers every Autotask REST call carries. {@link #toString()} hides the secret so a
 * logged client or exception never leaks it.
 */
public record AutotaskCredentials(String apiIntegrationCode, String userName, String secret) {

    public AutotaskCredentials {
        Objects.requireNonNull(apiIntegrationCode, "apiIntegrationCode");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "AutotaskCredentials[userName=" + userName + ", apiIntegrationCode=***, secret=***]";
    }
}
