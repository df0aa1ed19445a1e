package io.usagebilling.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.support.ConsoleBrowser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The Reconciliation and Usage views against sandbox + run: a day planned for approval shows where the
 * PSA differs from the usage, a plan rejected in the browser is never sent (and the next day's changes
 * no longer wait behind it), a plan approved in the browser takes the PSA to the usage; the usage chart
 * is drawn with its table (of the days the first test synced).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationUsageConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser console = ConsoleBrowser.of("autotask", 2);
    private static String provider;

    @BeforeAll
    static void start() throws Exception {
        provider = console.token("reconcile-provider", "provider");
    }

    @Test
    @Order(1)
    void aRejectedPlanIsNeverSentAndAnApprovedOneTakesThePsaToTheUsage() throws Exception {
        LocalDate yesterday = console.service().yesterday();
        LocalDate before = yesterday.minusDays(1);

        // the day before: planned in the browser, every change held, then rejected in the browser
        console.open(provider, "reconciliation", "date=" + before);
        click(By.cssSelector("button[data-action=plan]"));
        assertThat(console.message()).contains("change(s) waiting for approval");
        long rejected = planShown(before);
        assertThat(drifts()).as("the held changes leave the PSA short of the usage").isNotEmpty();
        console.show("reconciliation", "date=" + before + "&plan=" + rejected);
        WebElement wanted = console.browser().findElement(By.cssSelector("section[data-plan='" + rejected + "']"));
        assertThat(wanted.getAttribute("class")).contains("wanted");
        click(By.cssSelector("section[data-plan='" + rejected + "'] button[data-plan-action=reject]"));
        assertThat(console.message()).isEqualTo("Plan " + rejected + " rejected: its changes will not be sent.");
        assertThat(console.browser().findElements(By.cssSelector("section[data-plan='" + rejected + "']"))).isEmpty();
        assertThat(console.api(provider, "GET", "/api/plans/" + rejected, null).path("changes").findValuesAsText("status"))
                .isNotEmpty().containsOnly("rejected");
        assertThat(differences(before)).as("a rejected change is never sent").isNotEmpty();

        // yesterday: planned over the API, its held changes no longer wait behind the rejected ones
        long approved = console.api(provider, "POST", "/api/plans?date=" + yesterday, null).path("plan").asLong();
        console.show("reconciliation", "date=" + yesterday);
        assertThat(planShown(yesterday)).isEqualTo(approved);
        List<String> drifting = drifts();
        assertThat(drifting).as("the day's table shows the differences before approval").isNotEmpty();
        assertThat(differences(yesterday)).containsExactlyInAnyOrderElementsOf(drifting);
        console.screenshots("reconciliation");
        assertThat(console.overflowsAtNarrowWidth()).as("Reconciliation scrolls sideways at 400 px").isFalse();
        assertThat(console.accessibilityProblems()).isEmpty();

        click(By.cssSelector("section[data-plan='" + approved + "'] button[data-plan-action=approve]"));

        assertThat(console.message()).startsWith("Plan " + approved + " approved: ");
        assertThat(differences(yesterday)).as("/api/units: the PSA now holds the usage").isEmpty();
        assertThat(drifts()).isEmpty();
        assertThat(console.api(provider, "GET", "/api/plans?status=held", null)).isEmpty();

        // one company's lines only (each line shown is one read of the PSA)
        String company = console.browser().findElement(By.cssSelector("#reconciliation-company option:nth-child(2)")).getAttribute("value");
        String name = console.api(provider, "GET", "/api/units?company=" + company, null).path("lines").get(0).path("companyName").asText();
        console.show("reconciliation", "date=" + yesterday + "&company=" + company);
        assertThat(console.browser().findElements(By.cssSelector("tr[data-contract] td:first-child")))
                .isNotEmpty().allSatisfy(td -> assertThat(td.getText()).isEqualTo(name));
    }

    @Test
    @Order(2)
    void theUsageChartIsDrawnWithTheSameFiguresAsATable() throws Exception {
        JsonNode units = console.api(provider, "GET", "/api/units", null);
        assertThat(units.path("lines")).isNotEmpty();
        long company = units.path("lines").get(0).path("companyId").asLong();

        console.open(provider, "usage", "company=" + company);

        WebElement chart = console.browser().findElement(By.cssSelector("img.usage-chart"));
        assertThat(((Number) ((JavascriptExecutor) console.browser()).executeScript("return arguments[0].naturalWidth", chart))
                .intValue()).isGreaterThan(0);
        assertThat(chart.getAttribute("alt")).contains("the same figures are in the tables below");
        List<WebElement> tables = console.browser().findElements(By.cssSelector("section.usage-line"));
        assertThat(tables).isNotEmpty();
        assertThat(tables.get(0).findElements(By.cssSelector("tbody tr[data-date]"))).as("the last 30 days").hasSize(30);
        assertThat(console.browser().findElement(By.id("usage-to")).getAttribute("value"))
                .isEqualTo(console.service().yesterday().toString());
        console.screenshots("usage");
        assertThat(console.overflowsAtNarrowWidth()).as("Usage scrolls sideways at 400 px").isFalse();
        assertThat(console.accessibilityProblems()).isEmpty();
    }

    /** Clicks, then waits for the view to be ready again. */
    private static void click(By button) {
        ((JavascriptExecutor) console.browser()).executeScript("document.body.dataset.state = 'busy'");
        console.browser().findElement(button).click();
        console.awaitReady();
    }

    /** The one plan waiting for approval, its changes shown, for {@code day}. */
    private static long planShown(LocalDate day) {
        List<WebElement> plans = console.browser().findElements(By.cssSelector("section[data-plan]"));
        assertThat(plans).as(console.message() + " " + console.browser().findElement(By.id("view")).getText()).hasSize(1);
        assertThat(plans.get(0).findElement(By.tagName("h4")).getText()).endsWith("sync of " + day);
        assertThat(plans.get(0).findElements(By.cssSelector("tbody tr[data-contract]"))).isNotEmpty();
        return Long.parseLong(plans.get(0).getAttribute("data-plan"));
    }

    /** The lines the day's table marks as differing, as "contract/service". */
    private static List<String> drifts() {
        return console.browser().findElements(By.cssSelector("tr[data-drift]")).stream()
                .map(tr -> tr.getAttribute("data-contract") + "/" + tr.getAttribute("data-service")).toList();
    }

    /** The lines /api/units says differ on {@code day}, as "contract/service". */
    private static List<String> differences(LocalDate day) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode line : console.api(provider, "GET", "/api/units?from=" + day + "&to=" + day, null).path("lines")) {
            JsonNode difference = line.path("days").get(0).path("difference");
            if (!difference.isMissingNode() && difference.decimalValue().signum() != 0) {
                lines.add(line.path("contractId").asText() + "/" + line.path("serviceId").asText());
            }
        }
        return lines;
    }
}
