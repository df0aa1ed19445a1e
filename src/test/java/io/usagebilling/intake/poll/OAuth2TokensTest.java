package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.sim.UsageApiSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client credentials against the simulator's token endpoint (expires_in 3600). */
class OAuth2TokensTest {

    private final UsageApiSimulator api = UsageApiSimulator.start(
            UsageApiSimulator.Paging.NEXT_LINK, UsageApiSimulator.Auth.OAUTH2, "client-1", "secret-1", 10);
    private Instant now = Instant.parse("2026-09-14T00:00:00Z");

    @AfterEach
    void stop() {
        api.close();
    }

    private OAuth2Tokens client(String secret) {
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return now; }
        };
        return OAuth2Tokens.clientCredentials(api.baseUrl() + UsageApiSimulator.TOKEN_PATH, "client-1", secret, "usage.read",
                Duration.ofSeconds(5), clock);
    }

    @Test
    void theTokenIsReusedUntilAMinuteBeforeItExpires() {
        OAuth2Tokens client = client("secret-1");
        String first = client.accessToken();
        now = now.plusSeconds(3600 - 61);
        assertThat(client.accessToken()).isEqualTo(first);
        assertThat(api.tokenRequests()).isEqualTo(1);
        now = now.plusSeconds(1);
        assertThat(client.accessToken()).isNotEqualTo(first);
        assertThat(api.tokenRequests()).isEqualTo(2);
    }

    @Test
    void aRefusedClientIsNamedWithTheStatus() {
        assertThatThrownBy(() -> client("wrong").accessToken()).hasMessageEndingWith("answered 401");
    }
}
