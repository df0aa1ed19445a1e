package io.usagebilling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.usagebilling.sim.demo.Demo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as its users see it: {@code sandbox} and {@code run} as child processes (SandboxService)
 * and Debian's headless Chromium driven by Selenium through its own chromedriver, on loopback only.
 * Screenshots go to target/console-screenshots/, at desktop width and at 400 px. A test class registers
 * one ({@code @RegisterExtension static final ConsoleBrowser console = ConsoleBrowser.of("autotask", 2);}):
 * it starts before the class's {@code @BeforeAll} methods and stops after its tests.
 */
public final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final int NARROW = 400;

    private final String psa;
    private final int days;
    private SandboxService service;
    private Path profile;
    private WebDriver browser;
    private WebDriverWait await;

    private ConsoleBrowser(String psa, int days) {
        this.psa = psa;
        this.days = days;
    }

    /** The sandbox for {@code psa} with the last {@code days} days pushed, {@code run}, and a browser. */
    public static ConsoleBrowser of(String psa, int days) {
        return new ConsoleBrowser(psa, days);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        requireChromium();
        service = SandboxService.start(psa, days);
        profile = Files.createTempDirectory("console-chromium-profile");
        browser = headlessChromium(profile);
        await = new WebDriverWait(browser, Duration.ofSeconds(30));
        await.withMessage(() -> "the console says: " + message()); // a failed API call shows its error there
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
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--user-data-dir=" + userDataDir);
        return new ChromeDriver(driver, options);
    }

    public SandboxService service() {
        return service;
    }

    public String token(String name, String role, String... grants) throws Exception {
        return service.token(name, role, grants);
    }

    public JsonNode api(String token, String method, String path, String body) throws Exception {
        return service.api(token, method, path, body);
    }

    /** Opens the console afresh, enters {@code token} as a person would, then shows {@code view} with its query. */
    public void open(String token, String view, String query) {
        browser.manage().window().setSize(DESKTOP);
        browser.get(service.baseUrl() + "/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        await.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "no-token"));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        awaitReady();
        show(view, query);
    }

    /**
     * Goes to {@code view} (with {@code query}, e.g. "date=2026-12-01", or null) as a link would, and waits
     * until the console is ready (showing that view, or what the token's role allows instead).
     */
    public void show(String view, String query) {
        ((JavascriptExecutor) browser).executeScript(String.join("\n",
                "document.body.dataset.state = 'loading';",
                "if (location.hash === '#' + arguments[0]) {",
                "  window.dispatchEvent(new HashChangeEvent('hashchange'));",
                "} else {",
                "  location.hash = arguments[0];",
                "}"), view + (query == null || query.isEmpty() ? "" : "?" + query));
        awaitReady();
    }

    /** Waits until the console has finished loading or acting. */
    public void awaitReady() {
        await.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "ready"));
    }

    public WebDriver browser() {
        return browser;
    }

    public WebDriverWait await() {
        return await;
    }

    /** What the console's message line says (outcomes and the API's errors). */
    public String message() {
        return browser.findElements(By.id("message")).stream().findFirst().map(m -> m.getText()).orElse("");
    }

    /** Writes target/console-screenshots/{name}-desktop.png and {name}-400px.png of the whole page as it stands. */
    public void screenshots(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        capture(DESKTOP.width, SCREENSHOTS.resolve(name + "-desktop.png"));
        capture(NARROW, SCREENSHOTS.resolve(name + "-400px.png"));
        browser.manage().window().setSize(DESKTOP);
    }

    private void capture(int width, Path file) throws Exception {
        browser.manage().window().setSize(new Dimension(width, DESKTOP.height));
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
        browser.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, DESKTOP.height), 6000)));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What axe-core finds against WCAG 2.1 A and AA (labels, names, contrast, roles, landmarks) in the page
     * as it stands, at desktop width and at 400 px: one line per rule and element.
     */
    public List<String> accessibilityProblems() {
        List<String> problems = new ArrayList<>();
        for (int width : new int[] {DESKTOP.width, NARROW}) {
            browser.manage().window().setSize(new Dimension(width, DESKTOP.height));
            new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser).getViolations()
                    .forEach(rule -> rule.getNodes().forEach(node -> problems.add(width + " px " + rule.getId() + " ("
                            + rule.getHelp() + ") at " + node.getTarget() + ": " + node.getHtml())));
        }
        browser.manage().window().setSize(DESKTOP);
        return problems;
    }

    /** Whether the page is wider than the window at 400 px (something would need sideways scrolling of the page). */
    public boolean overflowsAtNarrowWidth() {
        browser.manage().window().setSize(new Dimension(NARROW, DESKTOP.height));
        boolean overflows = (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
        browser.manage().window().setSize(DESKTOP);
        return overflows;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (service != null) {
                service.close();
            }
            if (profile != null) {
                Demo.deleteRecursively(profile);
            }
        }
    }
}
