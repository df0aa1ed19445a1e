package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.UsageApiSimulator.Auth;
import io.usagebilling.sim.UsageApiSimulator.Item;
import io.usagebilling.sim.UsageApiSimulator.Paging;
import io.usagebilling.sim.UsageApiSimulator;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.Sql;
import io.usagebilling.sync.SyncSummary;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Modules added with YAML only (src/test/resources/poll-routes): the poll-source template over real
 * HTTP for each paging kind (cursor, page number, next link) and auth kind (API key, basic, OAuth2
 * client credentials; Datto RMM covers the OAuth2 password grant), storing exactly what the module reported.
 */
class PollSourceTemplateTest {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 14);

    private final UsageApiSimulator cursor = UsageApiSimulator.start(Paging.CURSOR, Auth.API_KEY, null, "key-1", 2);
    private final UsageApiSimulator pages = UsageApiSimulator.start(Paging.PAGE_NUMBER, Auth.BASIC, "billing", "pw-2", 2);
    private final UsageApiSimulator links = UsageApiSimulator.start(Paging.NEXT_LINK, Auth.OAUTH2, "billing-client", "s-3", 2);
    private BillingFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
        cursor.close();
        pages.close();
        links.close();
    }

    private SyncSummary sync(String pagesPassword) throws Exception {
        fixture = new BillingFixture()
                .with("billing.mappings-dir", "src/test/resources/poll-mappings")
                .with("camel.main.routes-include-pattern", "file:routes/**/*.camel.yaml,file:src/test/resources/poll-routes/*.camel.yaml")
                .with("modules.cursor-module.base-url", cursor.baseUrl())
                .with("modules.cursor-module.api-key", "key-1")
                .with("modules.pages-module.base-url", pages.baseUrl())
                .with("modules.pages-module.password", pagesPassword)
                .with("modules.link-module.base-url", links.baseUrl())
                .with("modules.link-module.client-secret", "s-3");
        return fixture.start().syncDay(DAY);
    }

    @Test
    void everyPagingAndAuthKindCollectsEveryRecord() throws Exception {
        cursor.setItems(List.of(
                item("t1", "Acme Dental", "devices", "12", "dev-a", null),
                item("t1", "Acme Dental", "storage", "120.5", "dev-a", null),
                item("t2", "Birch Logistics", "devices", "3", "dev-b", null),
                item("t2", "Birch Logistics", "storage", "0.25", "dev-b", null),
                item("t3", "Cobalt Legal", "devices", "7", "dev-c", null),
                item("t3", "Cobalt Legal", "seats", "4", "dev-c", null))); // not a billing type of the module
        pages.setItems(List.of(
                item("o-1", "ACME DENTAL", "x", "1", "srv-1", "2026-09-13"),
                item("o-1", "ACME DENTAL", "x", "1", "srv-2", "2026-09-14"),
                item("o-2", "Birch & Sons", "x", "1", "srv-3", "2026-09-14")));
        links.setItems(List.of(
                item("u-1", "Acme Dental Inc.", "users", "40", null, null),
                item("u-2", "Birch", "users", "9", null, null),
                item("u-3", "Cobalt", "users", "15", null, null)));

        SyncSummary summary = sync("pw-2");

        assertThat(summary.failedModules()).isEmpty();
        assertThat(rows("cursor-module")).containsExactly(
                "t1|Acme Dental|devices|dev-a|12|2026-09-14", "t1|Acme Dental|storage|dev-a|120.5|2026-09-14",
                "t2|Birch Logistics|devices|dev-b|3|2026-09-14", "t2|Birch Logistics|storage|dev-b|0.25|2026-09-14",
                "t3|Cobalt Legal|devices|dev-c|7|2026-09-14");
        assertThat(rows("pages-module")).containsExactly(
                "o-1|ACME DENTAL|server|srv-1|1|2026-09-13", "o-1|ACME DENTAL|server|srv-2|1|2026-09-14",
                "o-2|Birch & Sons|server|srv-3|1|2026-09-14");
        assertThat(rows("link-module")).containsExactly(
                "u-1|Acme Dental Inc.|users||40|2026-09-14", "u-2|Birch|users||9|2026-09-14",
                "u-3|Cobalt|users||15|2026-09-14");
        assertThat(Sql.rows(fixture.dataSource(), "SELECT reason FROM quarantine WHERE module_id = 'cursor-module'"))
                .containsExactly("billing type 'seats' is not one of cursor-module's [devices, storage]");
        assertThat(cursor.usageRequests()).as("6 records, 2 a page").isEqualTo(3);
        assertThat(pages.usageRequests()).as("pages 1, 2 and the empty page 3").isEqualTo(3);
        assertThat(links.usageRequests()).isEqualTo(2);
        assertThat(links.tokenRequests()).as("one token for every page").isEqualTo(1);
    }

    @Test
    void aModuleRefusingOurCredentialsFailsAloneAndStoresNothing() throws Exception {
        pages.setItems(List.of(item("o-1", "Acme", "x", "1", "srv-1", "2026-09-14")));
        links.setItems(List.of(item("u-1", "Acme", "users", "4", null, null)));

        SyncSummary summary = sync("wrong-password");

        assertThat(summary.failedModules()).singleElement().asString()
                .startsWith("pages-module: HttpOperationFailedException").contains("statusCode: 401");
        assertThat(rows("pages-module")).isEmpty();
        assertThat(rows("link-module")).containsExactly("u-1|Acme|users||4|2026-09-14");
    }

    private List<String> rows(String module) throws SQLException {
        return Sql.rows(fixture.dataSource(), """
                SELECT concat_ws('|', org_id, org_name, billing_type, coalesce(asset_id, ''), trim_scale(quantity), usage_date)
                FROM usage_record WHERE module_id = ? ORDER BY org_id, billing_type, asset_id, usage_date""", module);
    }

    private static Item item(String tenant, String name, String sku, String quantity, String asset, String date) {
        return new Item(tenant, name, sku, new BigDecimal(quantity), asset, date);
    }
}
