package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reported: usage before a mapping was lost. An organization that used 9 devices from 28 Sep, mapped
 * over the REST API on the 30th, is billed from the 28th: the next sync recomputes the earlier days
 * and the PSA holds Acme's 8 plus its 9 on each of them. With mapping.backbill=false, from the 30th.
 */
class BackbillTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final LocalDate SEP_30 = LocalDate.of(2026, 9, 30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BillingFixture fixture = new BillingFixture().withThreeContracts().withHttpServer();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aNewlyMappedOrganizationsEarlierDaysOfTheOpenMonthAreDelivered() throws Exception {
        BillingApp app = syncTwoDaysThenMapNorthwindToAcme(fixture.start());

        SyncSummary next = app.syncDay(SEP_30);

        assertThat(next.undelivered()).isZero();
        for (LocalDate day : List.of(SEP_28, SEP_29, SEP_30)) {
            assertThat(fixture.psa.unitsOn(11, 500, day)).as("Acme on " + day).isEqualByComparingTo("17");
        }
        assertThat(fixture.count("SELECT count(*) FROM daily_quantity WHERE contract_id = 11 AND quantity = 17")).isEqualTo(3);
        long requests = fixture.psa.requestCount();
        app.syncDay(SEP_30);
        assertThat(fixture.psa.requestCount()).as("backbilled once").isEqualTo(requests);
    }

    @Test
    void withBackbillOffANewMappingCountsFromTheDaySyncedNext() throws Exception {
        BillingApp app = syncTwoDaysThenMapNorthwindToAcme(fixture.with("mapping.backbill", "false").start());

        app.syncDay(SEP_30);

        assertThat(fixture.psa.unitsOn(11, 500, SEP_29)).isEqualByComparingTo("8");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_30)).isEqualByComparingTo("17");
    }

    private BillingApp syncTwoDaysThenMapNorthwindToAcme(BillingApp app) throws Exception {
        fixture.showSites(5, 3, 4, 7); // Acme 5 + 3; Northwind (site-x, unmapped) 9
        app.syncDay(SEP_28);
        app.syncDay(SEP_29);
        assertThat(fixture.psa.unitsOn(11, 500, SEP_29)).isEqualByComparingTo("8");
        String token = app.bean(ApiTokens.class).create("billing", true, List.of());
        HttpResponse<String> mapped = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + "/api/org-mappings"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"module\":\"datto-rmm\",\"org\":\"site-x\",\"company\":101}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(201);
        return app;
    }
}
