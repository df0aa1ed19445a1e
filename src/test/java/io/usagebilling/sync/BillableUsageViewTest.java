package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.UsageRecord;
import io.usagebilling.domain.rules.AssetUsage;
import io.usagebilling.domain.rules.BillableQuantity;
import io.usagebilling.domain.rules.BillingRule;
import io.usagebilling.domain.rules.Unit;
import io.usagebilling.intake.UsageStore;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.mapping.MappingStore;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.support.DatabasePerClass;
import io.usagebilling.support.Sql;
import io.usagebilling.totals.UsageTotals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The quantity SQL applies the billing rules exactly as the domain's {@link BillableQuantity} does:
 * random usage (several orgs, days, assets, records without asset ids) under random rules, compared
 * organization by organization and day by day.
 */
class BillableUsageViewTest extends DatabasePerClass {

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 9, 1);
    private static final int DAYS = 6;
    private static final List<String> ORGS = List.of("org-1", "org-2");

    @Test
    void theViewAgreesWithTheDomainRuleOnRandomUsage() {
        agreeOnRandomUsage(true);
    }

    /** Without trials and supersession most types take the view's shorter ways: summed, or distinct assets counted. */
    @Test
    void theViewAgreesWithTheDomainRuleOnTypesWithoutPerAssetRules() {
        agreeOnRandomUsage(false);
    }

    private static void agreeOnRandomUsage(boolean assetRules) {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            BillingRule rule = randomRule(random, assetRules);
            List<Row> rows = randomRows(random);
            load(rule, rows);
            for (String org : ORGS) {
                for (int d = 0; d < DAYS; d++) {
                    LocalDate day = FIRST_DAY.plusDays(d);
                    assertThat(viewQuantity(org, day))
                            .as("seed %d, rule %s, %s on %s", seed, rule, org, day)
                            .isEqualByComparingTo(expected(rule, rows, org, day));
                }
            }
        }
    }

    @Test
    void endpointBackupSeedExampleThroughTheView() {
        // Seed 003: migrated asset (v1 + v2) billed for v2 only; v1-only and v2-only assets for their own usage.
        BillingRule v1 = new BillingRule(Unit.STORAGE_GB, BigDecimal.ZERO, BigDecimal.ZERO, 0,
                new BillingRule.TypeRef("m", "s"));
        load(v1, List.of(
                new Row("t", "org-1", "migrated", "120.5", 0), new Row("s", "org-1", "migrated", "95.25", 0),
                new Row("t", "org-1", "legacy", "80", 0), new Row("s", "org-1", "new", "40", 0)));
        assertThat(viewQuantity("org-1", FIRST_DAY)).isEqualByComparingTo("80");
    }

    @Test
    void aModuleThatGainsATrialCountsTheUsageItStoredBefore() {
        // Stored without a per-asset rule (not in the asset index), then the catalog gives t a 3-day trial.
        List<Row> rows = List.of(new Row("t", "org-1", "early", "5", 0), new Row("t", "org-1", "early", "5", 3),
                new Row("t", "org-1", "late", "7", 2), new Row("t", "org-1", "late", "7", 3));
        load(BillingRule.plain(Unit.STORAGE_GB), rows);
        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record WHERE asset_rules")).isZero();
        BillingRule trial = new BillingRule(Unit.STORAGE_GB, BigDecimal.ZERO, BigDecimal.ZERO, 3, null);
        loadCatalog(trial);

        assertThat(jdbc.queryLong("SELECT count(*) FROM usage_record WHERE NOT asset_rules")).isZero();
        // day 3: "early" (first seen day 0) is past its trial, "late" (first seen day 2) is not
        assertThat(viewQuantity("org-1", FIRST_DAY.plusDays(3))).isEqualByComparingTo("5")
                .isEqualByComparingTo(expected(trial, rows, "org-1", FIRST_DAY.plusDays(3)));
    }

    private record Row(String type, String org, String asset, String quantity, int day) {}

    private static BillingRule randomRule(Random r, boolean assetRules) {
        return new BillingRule(
                Unit.values()[r.nextInt(Unit.values().length)],
                BigDecimal.valueOf(r.nextInt(3)),
                BigDecimal.valueOf(r.nextInt(2)),
                !assetRules || r.nextBoolean() ? 0 : 1 + r.nextInt(3),
                assetRules && r.nextBoolean() ? new BillingRule.TypeRef("m", "s") : null);
    }

    private static List<Row> randomRows(Random r) {
        List<Row> rows = new ArrayList<>();
        int n = 5 + r.nextInt(30);
        for (int i = 0; i < n; i++) {
            String asset = r.nextInt(5) == 0 ? null : "a" + r.nextInt(5);
            BigDecimal q = r.nextInt(5) == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(r.nextInt(700), 1); // zero: not used
            rows.add(new Row(r.nextInt(3) == 0 ? "s" : "t", ORGS.get(r.nextInt(2)), asset, q.toPlainString(),
                    r.nextInt(DAYS)));
        }
        return rows;
    }

    /**
     * Module m: billing type t under the rule, and s, a plain type t may be superseded by. The rows
     * are stored as a sync stores them (UsageStore), so the asset index holds them only when m has a
     * per-asset rule.
     */
    private static void load(BillingRule rule, List<Row> rows) {
        jdbc.update(Sql.EMPTY_USAGE);
        loadCatalog(rule);
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            records.add(new UsageRecord("m", row.org(), row.org(), row.type(), row.asset(), new BigDecimal(row.quantity()),
                    FIRST_DAY.plusDays(row.day()), "r" + i));
        }
        new UsageStore(database.dataSource()).storePushed("m", FIRST_DAY, new SourcePage(records, List.of(), null, null));
        new UsageTotals(database.dataSource()).fold(); // the view reads the summed types' day totals
    }

    private static void loadCatalog(BillingRule rule) {
        new MappingStore(database.dataSource()).loadCatalog(new Mappings(
                List.of(new Mappings.Module("m", "M", "csv", true, List.of(
                        new Mappings.BillingType("t", rule),
                        new Mappings.BillingType("s", BillingRule.plain(Unit.STORAGE_GB))))),
                List.of(), List.of(), List.of()));
    }

    private static BigDecimal viewQuantity(String org, LocalDate day) {
        List<BigDecimal> q = jdbc.query("""
                SELECT quantity FROM billable_usage
                WHERE module_id = 'm' AND billing_type = 't' AND org_id = ? AND usage_date = ?""",
                rs -> rs.getBigDecimal(1), org, day);
        return q.isEmpty() ? BigDecimal.ZERO : q.get(0);
    }

    private static BigDecimal expected(BillingRule rule, List<Row> rows, String org, LocalDate day) {
        List<AssetUsage> records = new ArrayList<>();
        Set<String> superseding = new HashSet<>();
        Map<String, LocalDate> firstSeen = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String asset = row.asset() == null ? "r" + i : row.asset(); // as the view: the record is its own asset
            LocalDate rowDay = FIRST_DAY.plusDays(row.day());
            firstSeen.merge(asset, rowDay, (a, b) -> a.isBefore(b) ? a : b);
            if (!rowDay.equals(day)) {
                continue;
            }
            if (row.type().equals("s")) {
                superseding.add(asset);
            } else if (row.org().equals(org)) {
                records.add(new AssetUsage(asset, new BigDecimal(row.quantity())));
            }
        }
        return BillableQuantity.of(rule, day, records, superseding, firstSeen);
    }
}
