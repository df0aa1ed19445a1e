package io.usagebilling.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.ConsoleBrowser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's frame against sandbox + run: a token is asked for, the navigation offers what the
 * token's role may do and nothing else, and a token that is not valid is refused.
 */
class ConsoleShellIT {

    @RegisterExtension
    static final ConsoleBrowser console = ConsoleBrowser.of("autotask", 1);

    @Test
    void aProviderIsOfferedEveryView() throws Exception {
        String provider = console.token("shell-provider", "provider");

        console.open(provider, "today", null);

        assertThat(navigation()).containsExactly("Today", "Reconciliation", "Mapping", "Usage", "Invoices", "Quarantine", "Licenses");
        assertThat(console.browser().findElement(By.id("who")).getText()).isEqualTo("shell-provider (provider)");
        assertThat(console.browser().findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Today");
        assertThat(console.overflowsAtNarrowWidth()).as("the page scrolls sideways at 400 px").isFalse();
        assertThat(console.accessibilityProblems()).isEmpty();
    }

    @Test
    void anAdministratorWithoutGrantsIsOfferedNothingNotEvenByAddress() throws Exception {
        String bare = console.token("shell-admin", "administrator");

        console.open(bare, "reconciliation", null);

        assertThat(navigation()).isEmpty();
        assertThat(console.browser().findElement(By.tagName("body")).getAttribute("data-view")).isEqualTo("none");
        assertThat(console.browser().findElement(By.id("view")).getText()).contains("Nothing to show", "without grants");
        assertThat(console.browser().findElements(By.cssSelector("main button"))).isEmpty();
        console.screenshots("administrator-without-grants");
    }

    @Test
    void anAdministratorSeesOnlyWhatItsGrantsAllow() throws Exception {
        String licenses = console.token("shell-licenses", "administrator", "manage-licenses");

        console.open(licenses, "invoices", null);

        assertThat(navigation()).containsExactly("Licenses");
        assertThat(console.browser().findElement(By.tagName("body")).getAttribute("data-view")).isEqualTo("licenses");
        assertThat(console.browser().findElement(By.id("who")).getText()).isEqualTo("shell-licenses (administrator: manage-licenses)");
        assertThat(console.accessibilityProblems()).isEmpty();
        console.screenshots("licenses");
    }

    @Test
    void aTokenThatIsNotValidIsRefusedAndForgotten() throws Exception {
        String provider = console.token("shell-other", "provider");
        console.open(provider, "today", null);
        console.browser().findElement(By.id("forget-token")).click();
        console.await().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "no-token"));
        console.screenshots("sign-in");
        assertThat(console.accessibilityProblems()).isEmpty();

        WebElement field = console.browser().findElement(By.id("token"));
        field.sendKeys("ubt_not-a-token");
        console.browser().findElement(By.cssSelector("#token-form button[type=submit]")).click();

        console.await().until(d -> console.message().contains("not valid"));
        assertThat(console.browser().findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("no-token");
        assertThat(navigation()).isEmpty();
        assertThat((Object) ((JavascriptExecutor) console.browser())
                .executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void theAccessibilityCheckFindsWhatItLooksFor() throws Exception {
        console.open(console.token("shell-axe", "provider"), "licenses", null);
        ((JavascriptExecutor) console.browser()).executeScript(
                "document.getElementById('view').append(document.createElement('input'))");

        assertThat(console.accessibilityProblems()).anyMatch(p -> p.contains(" label ("));
    }

    private static List<String> navigation() {
        return console.browser().findElements(By.cssSelector("nav a")).stream().map(WebElement::getText).toList();
    }
}
