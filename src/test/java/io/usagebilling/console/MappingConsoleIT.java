package io.usagebilling.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.support.ConsoleBrowser;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Mapping view against sandbox + run in headless Chromium: the unmapped report searched, filtered
 * and paged by the server; a suggestion accepted (the mapping and its history made by api:<token name>), one
 * rejected, a conflict shown with the API's message; a bulk accept mapping what its preview said;
 * a bulk accept's preview counted by the server as the score is typed; a service mapping added from the mapped-without-service-line list and deleted. Each click is
 * checked where it lands, through the REST API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MappingConsoleIT {

    private static final String NAME = "mapper-maria";
    @RegisterExtension
    static final ConsoleBrowser console = ConsoleBrowser.of("autotask", 2);
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        token = console.token(NAME, "provider");
        console.api(token, "GET", "/api/companies?refresh=true", null); // the suggestions are made from them
    }

    @Test
    @Order(1)
    void theViewPagesSearchesAndFiltersTheReportWithEachFiguresUnit() throws Exception {
        List<JsonNode> all = organizations();
        assertThat(all).as("enough unmapped organizations for two pages").hasSizeGreaterThan(25);

        console.open(token, "mapping", null);

        assertThat(rows()).hasSize(25);
        assertThat(caption()).isEqualTo("Unmapped organizations: 1–25 of " + all.size());
        String usage = console.browser().findElement(By.cssSelector("#unmapped tbody")).getText();
        assertThat(usage).containsPattern("\\d+ (device|user|GB|domain|instance|administrator|domain-user|ip-address)-days");
        assertThat(usage).doesNotContain("unit-days");
        assertThat(console.browser().findElements(By.cssSelector("#unmapped tbody tr td:nth-child(2)")))
                .allSatisfy(td -> assertThat(td.getText()).matches("\\d+\\.\\d\\d [A-Z]{3}( \\+ unpriced usage)?|unpriced"));

        console.browser().findElement(By.cssSelector("#unmapped .pager a.page-next")).click();
        console.awaitReady();
        assertThat(console.browser().getCurrentUrl()).contains("page=2");
        assertThat(caption()).startsWith("Unmapped organizations: 26–");

        String q = all.get(0).path("name").asText().split(" ")[0].toLowerCase(Locale.ROOT);
        long found = all.stream().filter(matching(q)).count();
        console.browser().findElement(By.id("mapping-q")).sendKeys(q);
        console.browser().findElement(By.cssSelector("#mapping-filter button[type=submit]")).click();
        console.await().until(ExpectedConditions.urlContains("q=" + q));
        console.awaitReady();
        assertThat(caption()).endsWith(" of " + found + " matching");
        assertThat(rows()).hasSize((int) Math.min(found, 25));

        String module = busiestModule(all);
        long inModule = all.stream().filter(o -> o.path("module").asText().equals(module)).count();
        console.show("mapping", "module=" + module);
        assertThat(new Select(console.browser().findElement(By.id("mapping-module"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(module);
        assertThat(caption()).endsWith(" of " + inModule + " matching");
        assertThat(rows()).hasSize((int) Math.min(inModule, 25))
                .allSatisfy(tr -> assertThat(tr.getAttribute("data-module")).isEqualTo(module));
    }

    @Test
    @Order(2)
    void acceptingASuggestionMapsTheOrganizationAsTheCaller() throws Exception {
        JsonNode org = withSuggestions().get(0);
        JsonNode best = org.path("suggestions").get(0);
        String module = org.path("module").asText();
        console.open(token, "mapping", "module=" + module + "&q=" + org.path("org").asText());

        row(org).findElement(By.cssSelector("button.accept[data-company='" + best.path("companyId").asText() + "']")).click();

        console.await().until(ExpectedConditions.invisibilityOfElementLocated(rowOf(org)));
        console.awaitReady();
        assertThat(console.message()).isEqualTo("Mapped " + module + " " + org.path("name").asText() + " to "
                + best.path("companyName").asText() + ".");
        JsonNode mappings = console.api(token, "GET", "/api/org-mappings?company=" + best.path("companyId").asText(), null);
        assertThat(StreamSupport.stream(mappings.spliterator(), false).filter(m -> m.path("org").asText().equals(org.path("org").asText()))
                .map(m -> m.path("mappedBy").asText()).toList()).containsExactly("api:" + NAME);
        JsonNode history = console.api(token, "GET", "/api/mapping-history?kind=organization&key=" + module + "/"
                + org.path("org").asText(), null);
        assertThat(history.get(0).path("changedBy").asText()).isEqualTo("api:" + NAME);
        assertThat(history.get(0).path("after").path("company").asText()).isEqualTo(best.path("companyId").asText());
    }

    @Test
    @Order(3)
    void aRejectedSuggestionIsNoLongerOffered() throws Exception {
        JsonNode org = withSuggestions().get(0);
        String company = org.path("suggestions").get(0).path("companyId").asText();
        console.open(token, "mapping", "module=" + org.path("module").asText() + "&q=" + org.path("org").asText());
        By reject = By.cssSelector("#unmapped tr[data-module='" + org.path("module").asText() + "'][data-org='"
                + org.path("org").asText() + "'] button.reject[data-company='" + company + "']");

        console.browser().findElement(reject).click();

        console.await().until(ExpectedConditions.invisibilityOfElementLocated(reject));
        console.awaitReady();
        assertThat(console.browser().findElements(rowOf(org))).as("still unmapped, still listed").hasSize(1);
        JsonNode now = organizations().stream().filter(o -> o.path("org").asText().equals(org.path("org").asText())
                && o.path("module").asText().equals(org.path("module").asText())).findFirst().orElseThrow();
        assertThat(now.path("suggestions").findValuesAsText("companyId")).doesNotContain(company);
    }

    @Test
    @Order(4)
    void aConflictShowsTheApisErrorAndTheListIsReadAgain() throws Exception {
        JsonNode org = organizations().get(0);
        JsonNode companies = console.api(token, "GET", "/api/companies", null);
        console.open(token, "mapping", "module=" + org.path("module").asText() + "&q=" + org.path("org").asText());
        WebElement row = row(org);
        // someone else maps the organization while the view still lists it
        console.api(console.token("someone-else", "provider"), "POST", "/api/org-mappings", "{\"module\":\"" + org.path("module").asText()
                + "\",\"org\":\"" + org.path("org").asText() + "\",\"company\":" + companies.get(0).path("id").asText() + "}");

        new Select(row.findElement(By.cssSelector("select.other-company"))).selectByValue(companies.get(1).path("id").asText());
        row.findElement(By.cssSelector("button.map-other")).click();

        console.await().until(ExpectedConditions.attributeToBe(By.id("message"), "class", "error"));
        console.awaitReady();
        assertThat(console.message()).startsWith("Mapping " + org.path("name").asText() + " failed: 409: ");
        assertThat(console.browser().findElements(rowOf(org))).as("the list read again no longer offers it").isEmpty();
    }

    @Test
    @Order(5)
    void aBulkAcceptMapsWhatItsPreviewSaidAndTheCountGoesDown() throws Exception {
        List<JsonNode> before = organizations();
        BigDecimal score = before.stream().filter(o -> o.path("suggestions").size() > 0 && !tied(o))
                .map(o -> o.path("suggestions").get(0).path("score").decimalValue()).max(Comparator.naturalOrder()).orElseThrow();
        long expected = before.stream().filter(o -> o.path("suggestions").size() > 0 && !tied(o)
                && o.path("suggestions").get(0).path("score").decimalValue().compareTo(score) >= 0).count();
        console.open(token, "mapping", null);
        WebElement minScore = console.browser().findElement(By.id("bulk-score"));
        minScore.clear();
        minScore.sendKeys(score.toPlainString());
        console.await().until(ExpectedConditions.attributeToBe(By.id("bulk-preview"), "data-score", score.toPlainString()));
        assertThat(console.browser().findElement(By.id("bulk-preview")).getAttribute("data-count")).isEqualTo(String.valueOf(expected));
        assertThat(console.browser().findElement(By.id("bulk-accept")).getText()).isEqualTo("Accept " + expected
                + (expected == 1 ? " suggestion" : " suggestions"));

        console.browser().findElement(By.id("bulk-accept")).click();

        console.await().until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-outcome")));
        console.awaitReady();
        assertThat(console.message()).startsWith("Mapped " + expected + " organization");
        assertThat(console.browser().findElements(By.cssSelector("#bulk-outcome table")).get(0)
                .findElements(By.cssSelector("tbody tr[data-org]"))).hasSize((int) expected);
        assertThat(organizations()).hasSize(before.size() - (int) expected);
        assertThat(console.browser().findElement(By.cssSelector("#view section > p")).getText())
                .startsWith((before.size() - expected) + " unmapped organization");
    }

    @Test
    @Order(6)
    void aServiceMappingIsAddedFromTheMappedWithoutServiceLineListAndDeleted() throws Exception {
        JsonNode lines = console.api(token, "GET", "/api/mapped-without-service-line", null);
        JsonNode line = lines.path("lines").get(0);
        int total = lines.path("total").asInt();
        String company = line.path("companyId").asText();
        String type = line.path("module").asText() + "/" + line.path("billingType").asText();
        String contract = StreamSupport.stream(console.api(token, "GET", "/api/companies/" + company + "/contracts", null).spliterator(), false)
                .filter(c -> c.path("active").asBoolean() && c.path("recurring").asBoolean()).findFirst().orElseThrow().path("id").asText();
        console.open(token, "mapping", null);
        By without = By.cssSelector("#without-line tr[data-module='" + line.path("module").asText() + "'][data-org='"
                + line.path("orgId").asText() + "'][data-billing-type='" + line.path("billingType").asText() + "']");

        assertThat(console.browser().findElement(By.cssSelector("#without-line caption")).getText())
                .isEqualTo("Mapped organizations without a service line: 1–" + Math.min(total, 25) + " of " + total);
        assertThat(console.browser().findElement(By.cssSelector("#without-line nav.pager .page-of")).getText())
                .isEqualTo("Page 1 of " + Math.max(1, (total + 24) / 25));
        console.browser().findElement(without).findElement(By.cssSelector("button.add-line")).click();

        console.awaitReady();
        assertThat(console.browser().getCurrentUrl()).contains("company=" + company);
        assertThat(new Select(console.browser().findElement(By.id("sm-company"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(company);
        assertThat(new Select(console.browser().findElement(By.id("sm-type"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(type);
        assertThat(console.browser().switchTo().activeElement().getAttribute("id")).isEqualTo("sm-service");
        new Select(console.browser().findElement(By.id("sm-contract"))).selectByValue(contract);
        console.browser().findElement(By.id("sm-service")).sendKeys("770001");
        new Select(console.browser().findElement(By.id("sm-proration"))).selectByValue("month_end");
        console.browser().findElement(By.cssSelector("#sm-form button[type=submit]")).click();

        By added = By.cssSelector("#services tr[data-module='" + line.path("module").asText() + "'][data-billing-type='"
                + line.path("billingType").asText() + "']");
        console.await().until(ExpectedConditions.presenceOfElementLocated(added));
        console.awaitReady();
        assertThat(console.message()).startsWith("Mapped " + line.path("module").asText() + " / " + line.path("billingType").asText());
        assertThat(console.browser().findElements(without)).as("no longer without a service line").isEmpty();
        assertThat(serviceMappings(company)).contains(type + " " + contract + " 770001 month_end api:" + NAME);

        console.browser().findElement(added).findElement(By.cssSelector("button.delete")).click();

        console.await().until(ExpectedConditions.invisibilityOfElementLocated(added));
        console.awaitReady();
        assertThat(serviceMappings(company)).noneMatch(m -> m.startsWith(type + " "));
    }

    @Test
    @Order(7)
    void itIsAccessibleAtDesktopAnd400PxAndTheReviewPageIsGone() throws Exception {
        console.open(token, "mapping", null);
        console.screenshots("mapping");
        assertThat(console.overflowsAtNarrowWidth()).as("the page scrolls sideways at 400 px").isFalse();
        assertThat(console.accessibilityProblems()).isEmpty();
        HttpResponse<String> old = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(console.service().baseUrl() + "/review/review.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(old.statusCode()).as("the review page's script").isNotEqualTo(200);
    }

    /** Every unmapped organization, page by page. */
    private static List<JsonNode> organizations() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            JsonNode page = console.api(token, "GET", "/api/unmapped?limit=500&offset=" + all.size(), null).path("organizations");
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(all::add);
        }
    }

    private static List<JsonNode> withSuggestions() throws Exception {
        return organizations().stream().filter(o -> o.path("suggestions").size() > 0).toList();
    }

    /** The company's service mappings: "module/billingType contract service proration mappedBy". */
    private static List<String> serviceMappings(String company) throws Exception {
        return StreamSupport.stream(console.api(token, "GET", "/api/service-mappings?company=" + company, null).spliterator(), false)
                .map(m -> m.path("module").asText() + "/" + m.path("billingType").asText() + " " + m.path("contract").asText() + " "
                        + m.path("service").asText() + " " + m.path("proration").asText() + " " + m.path("mappedBy").asText())
                .toList();
    }

    /** The view's search: the organization's name or id, or a suggested company's name, in any case. */
    private static Predicate<JsonNode> matching(String q) {
        return o -> (o.path("name").asText() + "\n" + o.path("org").asText() + "\n"
                + String.join("\n", o.path("suggestions").findValuesAsText("companyName"))).toLowerCase(Locale.ROOT).contains(q);
    }

    private static boolean tied(JsonNode o) {
        JsonNode s = o.path("suggestions");
        return s.size() > 1 && s.get(1).path("score").decimalValue().compareTo(s.get(0).path("score").decimalValue()) == 0;
    }

    private static String busiestModule(List<JsonNode> all) {
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(o -> o.path("module").asText(), Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static List<WebElement> rows() {
        return console.browser().findElements(By.cssSelector("#unmapped tbody tr[data-org]"));
    }

    private static String caption() {
        return console.browser().findElement(By.cssSelector("#unmapped caption")).getText();
    }

    private static WebElement row(JsonNode org) {
        return console.await().until(ExpectedConditions.visibilityOfElementLocated(rowOf(org)));
    }

    private static By rowOf(JsonNode org) {
        return By.cssSelector("#unmapped tr[data-module='" + org.path("module").asText() + "'][data-org='" + org.path("org").asText() + "']");
    }
}
