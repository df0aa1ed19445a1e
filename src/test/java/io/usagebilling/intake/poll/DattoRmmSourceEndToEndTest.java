package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.normalize.PageUrls;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.sim.DattoRmmSimulator;
import io.usagebilling.support.PollSourceShapes;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Simulator pages, fetched over HTTP with the source's token client and normalized as the source route does it. */
class DattoRmmSourceEndToEndTest {

    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);
    private final DattoRmmSimulator simulator = DattoRmmSimulator.start("e2e-key", "e2e-secret");
    private final OAuth2Tokens tokens = OAuth2Tokens.password(simulator.baseUrl() + DattoRmmSimulator.TOKEN_PATH,
            "public-client", "public", "e2e-key", "e2e-secret", null, Duration.ofSeconds(5), Clock.systemUTC());
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** Follows nextPageUrl (same origin only) and gathers every page's records and rejections. */
    private List<SourcePage> sync(int max) throws Exception {
        List<SourcePage> pages = new ArrayList<>();
        String url = simulator.baseUrl() + "/api/v2/account/sites?page=0&max=" + max;
        while (url != null) {
            PageUrls.requireSameOrigin(url, simulator.baseUrl());
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + tokens.accessToken()).build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                SourcePage page = PollSourceShapes.normalizer("datto-rmm").normalize(body, DAY);
                pages.add(page);
                url = page.nextPageUrl();
            }
        }
        return pages;
    }

    @Test
    void validSitesBecomeRecordsAndMalformedOnesAreQuarantined() throws Exception {
        List<Site> sites = DattoRmmSimulator.generateSites(7, 2026);
        simulator.setSites(sites);
        simulator.setDeletedDevices(3); // listed first; no client's usage
        simulator.setRawSites(List.of(
                "{\"uid\":\"x\",\"name\":\"Broken\",\"devicesStatus\":{\"numberOfDevices\":\"twelve\"}}",
                "{\"name\":\"No uid\",\"devicesStatus\":{\"numberOfDevices\":4}}"));

        List<SourcePage> pages = sync(3);

        assertThat(pages).hasSize(4);
        List<UsageRecord> records = pages.stream().flatMap(page -> page.records().stream()).toList();
        List<RejectedRecord> rejected = pages.stream().flatMap(page -> page.rejected().stream()).toList();
        assertThat(records).extracting(UsageRecord::orgId).containsExactlyElementsOf(sites.stream().map(Site::uid).toList());
        assertThat(records).extracting(UsageRecord::orgName).containsExactlyElementsOf(sites.stream().map(Site::name).toList());
        assertThat(records).extracting(UsageRecord::quantity).containsExactlyElementsOf(
                sites.stream().map(site -> BigDecimal.valueOf(site.numberOfDevices())).toList());
        assertThat(rejected).extracting(RejectedRecord::sourceRecordId).containsExactly("x", null);
        assertThat(rejected).extracting(RejectedRecord::reason).containsExactly(
                "devicesStatus.numberOfDevices is not an integral number: \"twelve\"", "uid is missing");
    }

    @Test
    void rawTextThatIsNotJsonBreaksThePageLoudly() {
        simulator.setSites(DattoRmmSimulator.generateSites(2, 1));
        simulator.setRawSites(List.of("{\"uid\":\"cut-off\",\"devicesStatus\":{"));

        assertThatThrownBy(() -> sync(250))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("page is not valid JSON");
    }
}
