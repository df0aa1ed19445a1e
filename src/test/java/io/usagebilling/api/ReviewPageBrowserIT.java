package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.support.BillingFixture;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review page end to end in a real browser: Debian's headless Chromium, driven through its own
 * chromedriver by Selenium, against the application's HTTP server on loopback after a real sync.
 * Every click is checked where it lands: in PostgreSQL.
 */
class ReviewPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String REVIEWER = "reviewer-alice";

    private static BillingFixture fixture;
    private static String base;
    private static String token;
    private static Path profile;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        requireChromium();
        fixture = new BillingFixture().withThreeContracts().withHttpServer();
        // a company with a contract but no service mapping yet, for the service mapping form
        fixture.psa.addCompany(104, "Dunlin Freight");
        fixture.psa.addContract(14, 104, "Managed Devices");
        fixture.psa.addLine(14, 600, BigDecimal.ZERO, LocalDate.of(2026, 9, 1));
        BillingApp app = fixture.start();
        fixture.rmm.setSites(List.of(
                new Site(1, "site-a1", "Acme Dental - Main", 5),
                new Site(3, "site-b", "Birch Logistics", 4),
                new Site(6, "site-lab", "ACME Dental, Inc. - Lab", 3),
                new Site(7, "site-depot", "Birch Logistics - Depot", 2),
                new Site(8, "site-annex", "Cobalt Legal - Annex", 1)));
        app.syncDay(LocalDate.of(2026, 9, 1));
        base = fixture.baseUrl();
        token = app.bean(ApiTokens.class).create(REVIEWER, true, List.of());
        profile = Files.createTempDirectory("review-chromium-profile");
        browser = headlessChromium(profile);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.withMessage(() -> "the page says: " + message()); // a failed API call shows its error there
    }

    /** Skipped where Chromium is not installed, but never in CI (CI=true), where .ci/run installs it. */
    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String missing = CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and the browser test cannot run: " + missing);
        }
        Assumptions.abort("browser test skipped: " + missing);
    }

    /** Debian's Chromium with its own chromedriver, named explicitly so Selenium Manager never downloads one. */
    private static WebDriver headlessChromium(Path userDataDir) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + userDataDir);
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (profile != null) {
            deleteTree(profile);
        }
    }

    @Test
    void acceptingASuggestionMapsTheOrganizationInPostgresql() throws Exception {
        openWithToken();
        WebElement lab = unmappedRow("site-lab");
        assertThat(lab.getText()).contains("ACME Dental, Inc. - Lab", "datto-rmm");
        WebElement accept = lab.findElement(By.cssSelector("button.accept[data-company='101']"));

        accept.click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(rowOf("site-lab")));
        awaitReady();
        assertThat(message()).contains("Mapped datto-rmm ACME Dental, Inc. - Lab to Acme Dental");
        assertThat(fixture.text("SELECT company_id || ' ' || mapped_by FROM org_mapping"
                + " WHERE module_id = 'datto-rmm' AND org_id = 'site-lab'")).isEqualTo("101 api:" + REVIEWER);
        assertThat(fixture.text("SELECT changed_by || ' ' || (after->>'company') FROM mapping_history"
                + " WHERE kind = 'organization' AND mapping_key = 'datto-rmm/site-lab'")).isEqualTo("api:" + REVIEWER + " 101");
    }

    @Test
    void aRejectedSuggestionIsStoredAndNoLongerOffered() throws Exception {
        openWithToken();
        By rejectBirch = By.cssSelector("tr[data-org='site-depot'] button.reject[data-company='102']");
        WebElement reject = browser.findElement(rejectBirch);

        reject.click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(rejectBirch));
        awaitReady();
        assertThat(browser.findElements(rowOf("site-depot"))).as("still unmapped, still listed").hasSize(1);
        assertThat(fixture.text("SELECT company_id || ' ' || rejected_by FROM suggestion_rejection"
                + " WHERE module_id = 'datto-rmm' AND org_id = 'site-depot'")).isEqualTo("102 api:" + REVIEWER);
        assertThat(fixture.count("SELECT count(*) FROM org_mapping WHERE org_id = 'site-depot'")).isZero();
    }

    @Test
    void aConflictShowsTheApisErrorAndChangesNothing() throws Exception {
        openWithToken();
        WebElement annex = unmappedRow("site-annex");
        // someone else maps the organization while this page still lists it
        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/org-mappings"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"module\":\"datto-rmm\",\"org\":\"site-annex\",\"company\":103}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(201);

        new Select(annex.findElement(By.cssSelector("select.other-company"))).selectByValue("102");
        annex.findElement(By.cssSelector("button.map-other")).click();

        wait.until(ExpectedConditions.attributeToBe(By.id("message"), "class", "error"));
        awaitReady();
        assertThat(message()).startsWith("Mapping Cobalt Legal - Annex failed: 409: ");
        assertThat(fixture.text("SELECT company_id FROM org_mapping WHERE org_id = 'site-annex'")).isEqualTo("103");
        assertThat(browser.findElements(rowOf("site-annex"))).as("the reloaded list no longer offers it").isEmpty();
    }

    @Test
    void aServiceMappingIsAddedAndDeletedThroughTheForm() throws Exception {
        openWithToken();
        new Select(browser.findElement(By.id("sm-company"))).selectByValue("104");
        awaitReady();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sm-contract option[value='14']")));
        new Select(browser.findElement(By.id("sm-type"))).selectByVisibleText("Datto RMM (datto-rmm) / devices [devices]");
        new Select(browser.findElement(By.id("sm-contract"))).selectByValue("14");
        browser.findElement(By.id("sm-service")).sendKeys("600");
        new Select(browser.findElement(By.id("sm-proration"))).selectByValue("month_end");

        browser.findElement(By.cssSelector("#sm-form button[type='submit']")).click();

        By added = By.cssSelector("#service-mappings tr[data-module='datto-rmm'][data-billing-type='devices']");
        wait.until(ExpectedConditions.presenceOfElementLocated(added));
        awaitReady();
        assertThat(fixture.text("SELECT contract_id || ' ' || service_id || ' ' || proration || ' ' || mapped_by FROM service_mapping"
                + " WHERE company_id = 104 AND module_id = 'datto-rmm' AND billing_type = 'devices'"))
                .isEqualTo("14 600 month_end api:" + REVIEWER);

        browser.findElement(added).findElement(By.cssSelector("button.delete")).click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(added));
        awaitReady();
        assertThat(fixture.count("SELECT count(*) FROM service_mapping WHERE company_id = 104")).isZero();
    }

    @Test
    void thePageIsServedWithoutATokenAndOnlyItsOwnFiles() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/review")).header("X-Probe", "echo?").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
        assertThat(page.headers().firstValue("X-Probe")).as("request headers are not echoed").isEmpty();
        assertThat(page.body()).contains("<script src=\"/review/review.js\" defer></script>");
        for (String file : List.of("/review/review.js", "/review/review.css")) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + file)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as(file).isEqualTo(200);
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/review/../application.properties")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/review/index.html")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    /** Loads the page in a fresh tab state, pastes the token and waits for the lists. */
    private static void openWithToken() {
        browser.get(base + "/review");
        browser.manage().deleteAllCookies();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "no-token"));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button[type='submit']")).click();
        awaitReady();
        assertThat(browser.getCurrentUrl()).as("the token never goes into the URL").doesNotContain(token);
    }

    private static void awaitReady() {
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "ready"));
    }

    private static WebElement unmappedRow(String org) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf(org)));
    }

    private static By rowOf(String org) {
        return By.cssSelector("#unmapped tr[data-org='" + org + "']");
    }

    private static String message() {
        return browser.findElement(By.id("message")).getText();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
