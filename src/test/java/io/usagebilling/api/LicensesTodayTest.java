package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.support.RunningApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The license grid of the running month shows each license as it is today, not as it will be on the
 * month's last day: a license released tomorrow is still paid today.
 */
class LicensesTodayTest extends RunningApi {

    @Test
    void theRunningMonthShowsLicensesAsTheyAreToday() throws Exception {
        LocalDate today = fixture.app().calendar().today();
        fixture.execute("INSERT INTO license (company_id, module_id, billing_type, asset_id, allocated_on, released_on)"
                + " VALUES (101, 'datto-rmm', 'devices', 'pc-1', '" + today.minusMonths(2) + "', '" + today.plusDays(1) + "')");

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + "/api/licenses"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode license = new ObjectMapper().readTree(response.body()).path("licenses").path(0);
        assertThat(license.path("state").asText()).isEqualTo("paid");
        assertThat(license.path("used").asBoolean()).isTrue();
    }
}
