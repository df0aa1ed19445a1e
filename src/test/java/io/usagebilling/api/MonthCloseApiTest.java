package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The month still running cannot be closed (its month_end lines would be 0.00); it can be previewed. */
class MonthCloseApiTest extends RunningApi {

    @Test
    void theRunningMonthIsRefusedAndNothingIsStored() throws Exception {
        YearMonth running = fixture.app().calendar().thisMonth();

        HttpResponse<String> close = call("POST", "/api/months/" + running + "/close");

        assertThat(close.statusCode()).as(close.body()).isEqualTo(400);
        assertThat(close.body()).contains(running + " is not over yet").contains("preview");
        assertThat(fixture.count("SELECT count(*) FROM invoice")).isZero();
        assertThat(fixture.count("SELECT count(*) FROM billing_month")).isZero();
    }

    @Test
    void thePreviewShowsTheDraftsWithoutStoringThem() throws Exception {
        YearMonth running = fixture.app().calendar().thisMonth();

        HttpResponse<String> preview = call("GET", "/api/months/" + running + "/preview");

        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("\"summary\":\"close " + running + " (preview): invoices=");
        assertThat(fixture.count("SELECT count(*) FROM invoice")).isZero();
        assertThat(fixture.count("SELECT count(*) FROM billing_month")).isZero();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
