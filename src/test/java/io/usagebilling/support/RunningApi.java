package io.usagebilling.support;

import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** For a test class of REST calls: one running application (HTTP server, three contracts) and a provider token. */
public abstract class RunningApi {

    protected static final HttpClient HTTP = HttpClient.newHttpClient();
    protected static BillingFixture fixture;
    protected static String token;

    @BeforeAll
    static void startApi() throws Exception {
        fixture = new BillingFixture().withThreeContracts().withHttpServer();
        fixture.start();
        token = fixture.providerToken();
    }

    @AfterAll
    static void stopApi() {
        fixture.close();
    }
}
