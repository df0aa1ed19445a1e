package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.support.BillingFixture;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polled usage is a snapshot, through the daily sync (Datto RMM simulator, two sites a page): a day
 * collected again is replaced by the new collection as a whole, and only once it is complete.
 * Contract 11 is Acme's two sites (a1 + a2).
 */
class SnapshotCollectionTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);

    private BillingFixture fixture;
    private BillingApp app;

    @BeforeEach
    void start() throws Exception {
        fixture = new BillingFixture().withThreeContracts();
        app = fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aSiteGoneFromTheDayCollectedAgainIsGoneFromTheUsageAndThePsa() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        app.syncDay(SEP_28);
        fixture.showSites(null, 3, 4, 7); // Acme's main site is no longer listed

        SyncSummary again = app.syncDay(SEP_28);

        assertThat(again.corrected()).isEqualTo(1);
        assertThat(fixture.count("SELECT count(*) FROM current_usage WHERE org_id = 'site-a1'")).isZero();
        assertThat(fixture.text("""
                SELECT quantity_before || ' -> ' || quantity_after FROM usage_correction WHERE org_id = 'site-a1'"""))
                .isEqualTo("5.0000 -> 0.0000");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("3");
        assertThat(fixture.count("SELECT count(*) FROM usage_record"))
                .as("the replaced collection's records are gone, not kept beside the new ones").isEqualTo(4);
    }

    @Test
    void aSiteListedTwiceInOneCollectionCountsOnceAsTheLaterPageGaveIt() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        List<Site> sites = List.of(
                new Site(1, "site-a1", "Acme Dental - Main", 5), new Site(2, "site-a2", "ACME Dental Branch", 3),
                new Site(3, "site-b", "Birch Logistics", 4), new Site(1, "site-a1", "Acme Dental - Main", 6),
                new Site(4, "site-c", "Cobalt Legal LLP", 7));
        fixture.rmm.setSites(sites); // pages of two, after the Deleted Devices pseudo-site: site-a1 on page 1 (5) and page 3 (6)

        SyncSummary day = app.syncDay(SEP_28);

        assertThat(day.records()).isEqualTo(4);
        assertThat(fixture.text("SELECT duplicates FROM source_collection")).isEqualTo("1");
        assertThat(fixture.text("SELECT string_agg(quantity::int::text, ',') FROM current_usage WHERE org_id = 'site-a1'"))
                .isEqualTo("6");
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("9");
    }

    @Test
    void aCollectionThatFailsHalfWayChangesNothing() throws Exception {
        fixture.showSites(5, 3, 4, 7);
        app.syncDay(SEP_28);
        String before = usage();
        fixture.showSites(50, 30, 40, 70);
        fixture.rmm.setRawSites(List.of("{\"uid\":\"cut-off\",\"devicesStatus\":{")); // the last page is unreadable

        SyncSummary failed = app.syncDay(SEP_28);

        assertThat(failed.failedModules()).singleElement().asString().startsWith("datto-rmm:");
        assertThat(usage()).as("the earlier snapshot stands whole").isEqualTo(before);
        assertThat(fixture.count("SELECT count(*) FROM usage_record")).as("nothing of the failed collection is left")
                .isEqualTo(5);
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");
    }

    private String usage() throws Exception {
        return fixture.text("SELECT string_agg(org_id || '=' || quantity::int, ',' ORDER BY org_id) FROM current_usage");
    }
}
