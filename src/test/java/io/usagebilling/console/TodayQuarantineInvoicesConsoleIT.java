package io.usagebilling.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.support.ConsoleBrowser;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Today, Quarantine and Invoices against sandbox + run, the sandbox having pushed every day since
 * before the previous month's end: yesterday synced from Today and that run opened, the quarantine
 * narrowed by its filters with a payload opened and paged, and the previous month closed and
 * finalized in Invoices after their confirmations, with a line explained, a printable invoice shown
 * (styled, in the page and in a tab of its own) and its PDF.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TodayQuarantineInvoicesConsoleIT {

    private static final LocalDate TODAY = TenantCalendar.of("America/New_York").today();
    private static final YearMonth PREVIOUS = YearMonth.from(TODAY).minusMonths(1);

    /** Pushed from three days before the previous month ends, so it has usage to invoice. */
    @RegisterExtension
    static final ConsoleBrowser console = ConsoleBrowser.of("autotask", TODAY.getDayOfMonth() + 3);
    private static String token;
    private static LocalDate yesterday;

    @BeforeAll
    static void start() throws Exception {
        token = console.token("console-ops", "provider");
        yesterday = console.service().yesterday();
        // the previous month's last two days, so it has usage to invoice; yesterday is synced from Today
        for (LocalDate day = PREVIOUS.atEndOfMonth().minusDays(1); !day.isAfter(PREVIOUS.atEndOfMonth()); day = day.plusDays(1)) {
            console.api(token, "POST", "/api/syncs?date=" + day, null);
        }
    }

    @Test
    @Order(1)
    void todaySyncsYesterdayAndOpensItsRun() throws Exception {
        console.open(token, "today", null);

        click("button[data-action=sync-yesterday]");
        new WebDriverWait(browser(), Duration.ofSeconds(300))
                .until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "ready"));

        assertThat(console.message()).contains("sync " + yesterday + ":");
        List<WebElement> runs = browser().findElements(By.cssSelector("tr[data-run]"));
        assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
        assertThat(runs.get(0).getText()).contains(yesterday.toString(), "sync");
        assertThat(browser().findElement(By.cssSelector("[data-glance]")).getText()).contains("the last sync", yesterday.toString());
        assertThat(console.overflowsAtNarrowWidth()).as("Today scrolls sideways at 400 px").isFalse();
        assertThat(console.accessibilityProblems()).isEmpty();
        console.screenshots("today");

        follow(runs.get(0).findElement(By.cssSelector("a")));

        assertThat(browser().findElement(By.cssSelector("h3[data-run-detail]")).getText()).contains("sync of " + yesterday);
        assertThat(browser().findElements(By.cssSelector("dl.facts"))).extracting(WebElement::getText)
                .as("the run's facts, then its summary as stored").satisfiesExactly(
                        run -> assertThat(run).contains("records stored", "quarantined"),
                        summary -> assertThat(summary).contains("budget left", "failed modules"));
        assertThat(browser().findElement(By.cssSelector("caption")).getText()).isEqualTo("Its changes the PSA does not hold yet");
        assertThat(console.accessibilityProblems()).isEmpty();
        console.screenshots("today-run");

        // the sandbox's Datto RMM serves one malformed site a day: the run links to its quarantine
        follow(browser().findElement(By.partialLinkText("See the quarantined records")));
        assertThat(browser().getCurrentUrl()).endsWith("#quarantine?from=" + yesterday + "&to=" + yesterday);
        assertThat(browser().findElements(By.cssSelector("tr[data-quarantine]"))).isNotEmpty();
    }

    @Test
    @Order(2)
    void aQuarantineFilterNarrowsTheListAndAPayloadOpens() throws Exception {
        console.open(token, "quarantine", null);
        long all = total();
        assertThat(all).as("one malformed site a day for every day synced").isGreaterThanOrEqualTo(2);

        browser().findElement(By.id("q-reason")).sendKeys("integral");
        ((JavascriptExecutor) browser()).executeScript("arguments[0].value = arguments[2]; arguments[1].value = arguments[2];",
                browser().findElement(By.id("q-from")), browser().findElement(By.id("q-to")), yesterday.toString());
        follow(browser().findElement(By.cssSelector("form.filters button[type=submit]")));

        assertThat(browser().getCurrentUrl()).contains("reason=integral", "from=" + yesterday, "to=" + yesterday);
        assertThat(total()).isPositive().isLessThan(all);
        List<WebElement> rows = browser().findElements(By.cssSelector("tr[data-quarantine]"));
        assertThat(rows).allSatisfy(r -> assertThat(r.getText()).contains(yesterday.toString(), "integral"));
        WebElement payload = rows.get(0).findElement(By.cssSelector("details.payload"));
        payload.findElement(By.tagName("summary")).click();
        WebElement pre = payload.findElement(By.tagName("pre"));
        assertThat(pre.isDisplayed()).isTrue();
        assertThat(pre.getText()).as("the payload as received").contains("twelve");
        assertThat(pre.findElements(By.xpath("./*"))).as("shown as text, not markup").isEmpty();
        assertThat(console.overflowsAtNarrowWidth()).as("Quarantine scrolls sideways at 400 px").isFalse();
        assertThat(console.accessibilityProblems()).isEmpty();
        console.screenshots("quarantine");

        console.show("quarantine", "limit=1");
        String newest = browser().findElement(By.cssSelector("tr[data-quarantine]")).getDomAttribute("data-quarantine");
        follow(browser().findElement(By.cssSelector("button[data-action=older]")));
        assertThat(browser().getCurrentUrl()).contains("limit=1", "before=" + newest);
        assertThat(browser().findElement(By.cssSelector("tr[data-quarantine]")).getDomAttribute("data-quarantine")).isNotEqualTo(newest);
    }

    @Test
    @Order(3)
    void thePreviousMonthIsClosedAndItsInvoicesExplainedPrintedAndFinalized() throws Exception {
        console.open(token, "invoices", "month=" + PREVIOUS);
        assertThat(browser().findElements(By.cssSelector("[data-draft]"))).as("not closed yet: its preview").isNotEmpty();

        click("button[data-action=close]");
        assertThat(browser().findElements(By.cssSelector("[data-month-state]"))).as("nothing closed before Yes").isEmpty();
        click("button[data-confirm=close]");
        console.awaitReady();

        assertThat(console.message()).startsWith("close " + PREVIOUS + ": invoices=");
        assertThat(browser().findElement(By.cssSelector("[data-month-state]")).getDomAttribute("data-month-state")).isEqualTo("closed");
        List<WebElement> invoices = browser().findElements(By.cssSelector("tr[data-invoice]"));
        assertThat(invoices).isNotEmpty();
        String invoice = invoices.get(0).getDomAttribute("data-invoice");

        click("button[data-explain]");
        console.awaitReady();
        assertThat(browser().findElement(By.cssSelector("tr[data-explanation] pre")).getText()).contains("invoice line");
        assertThat(console.overflowsAtNarrowWidth()).as("Invoices scrolls sideways at 400 px").isFalse();
        assertThat(console.accessibilityProblems()).isEmpty();
        console.screenshots("invoices");

        click("button[data-document='" + invoice + "']");
        console.awaitReady();
        WebElement frame = browser().findElement(By.cssSelector("iframe[data-invoice-document='" + invoice + "']"));
        browser().switchTo().frame(frame);
        assertThat(browser().findElement(By.tagName("h1")).getText()).isEqualTo("INVOICE");
        assertThat(headingPixels()).as("the invoice's own stylesheet applies (20pt)").isEqualTo(27);
        browser().switchTo().defaultContent();
        assertThat(console.accessibilityProblems()).isEmpty();
        console.screenshots("invoice-document");

        String page = browser().getWindowHandle();
        click(".document a[target=_blank]");
        new WebDriverWait(browser(), Duration.ofSeconds(10)).until(d -> d.getWindowHandles().size() == 2);
        browser().switchTo().window(browser().getWindowHandles().stream().filter(h -> !h.equals(page)).findFirst().orElseThrow());
        assertThat(browser().getCurrentUrl()).startsWith("blob:");
        assertThat(headingPixels()).as("styled in a tab of its own too").isEqualTo(27);
        browser().close();
        browser().switchTo().window(page);

        click("button[data-pdf='" + invoice + "']");
        console.awaitReady();
        String file = "INV-" + "0".repeat(6 - invoice.length()) + invoice + ".pdf";
        assertThat(browser().findElement(By.cssSelector("a[data-download$='.pdf']")).getDomAttribute("data-download")).isEqualTo(file);
        assertThat(console.message()).doesNotContain("failed");
        assertThat(firstBytes("/api/invoices/" + invoice + "/pdf")).isEqualTo("%PDF");

        click("button[data-action=finalize]");
        browser().findElement(By.xpath("//button[text()='Cancel']")).click();
        assertThat(browser().findElements(By.cssSelector("button[data-confirm]"))).isEmpty();
        click("button[data-action=finalize]");
        click("button[data-confirm=finalize]");
        console.awaitReady();

        assertThat(console.message()).startsWith("Finalized ");
        assertThat(browser().findElement(By.cssSelector("[data-month-state]")).getDomAttribute("data-month-state")).isEqualTo("finalized");
        assertThat(browser().findElements(By.cssSelector("button[data-action]"))).as("a finalized month offers no close").isEmpty();

        console.show("invoices", "month=" + YearMonth.from(yesterday.plusDays(1)));
        assertThat(browser().findElement(By.cssSelector("[data-draft]")).getText()).contains("Draft", "the running month");
        assertThat(console.accessibilityProblems()).isEmpty();
    }

    private static WebDriver browser() {
        return console.browser();
    }

    private static void click(String css) {
        browser().findElement(By.cssSelector(css)).click();
    }

    /** Goes where a link or a form leads (a new address) and waits until that view is ready. */
    private static void follow(WebElement link) {
        ((JavascriptExecutor) browser()).executeScript("document.body.dataset.state = 'loading'");
        link.click();
        console.awaitReady();
    }

    private static long total() {
        return Long.parseLong(browser().findElement(By.cssSelector("[data-total]")).getDomAttribute("data-total"));
    }

    private static long headingPixels() {
        return Math.round(((Number) ((JavascriptExecutor) browser()).executeScript(
                "return parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")).doubleValue());
    }

    /** The first bytes of an API document as the console fetches it (apiBlob, with the token), as text. */
    private static String firstBytes(String path) {
        return (String) ((JavascriptExecutor) browser()).executeAsyncScript(String.join("\n",
                "const path = arguments[0];",
                "const done = arguments[arguments.length - 1];",
                "import('/console/core.js').then((core) => core.apiBlob(path))",
                "  .then((blob) => blob.slice(0, 4).text()).then(done, (e) => done('failed: ' + e.message));"), path);
    }
}
