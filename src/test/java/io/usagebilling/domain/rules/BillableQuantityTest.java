package io.usagebilling.domain.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.rules.BillingRule.TypeRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seeds' own examples, one per rule. */
class BillableQuantityTest {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 20);
    private static final TypeRef V2_STORAGE = new TypeRef("endpoint-backup-v2", "storage");

    @Test
    void endpointBackupEachAssetIsBilledForItsActiveVersionOnly() {
        // Seed 003: asset "migrated" has v1 backups and v2 protection -> v2 only; "legacy" only v1 -> v1;
        // "new" only v2 -> v2. Total bill = v1 usage + v2 usage after that rule.
        BillingRule v1 = new BillingRule(Unit.STORAGE_GB, BigDecimal.ZERO, BigDecimal.ZERO, 0, V2_STORAGE);
        BillingRule v2 = BillingRule.plain(Unit.STORAGE_GB);
        List<AssetUsage> v1Usage = List.of(usage("migrated", "120.5"), usage("legacy", "80"));
        List<AssetUsage> v2Usage = List.of(usage("migrated", "95.25"), usage("new", "40"));
        Set<String> v2Assets = Set.of("migrated", "new");

        BigDecimal v1Billed = BillableQuantity.of(v1, DAY, v1Usage, v2Assets, Map.of());
        BigDecimal v2Billed = BillableQuantity.of(v2, DAY, v2Usage, Set.of(), Map.of());

        assertThat(v1Billed).isEqualByComparingTo("80");
        assertThat(v2Billed).isEqualByComparingTo("135.25");
        assertThat(v1Billed.add(v2Billed)).isEqualByComparingTo("215.25");
    }

    @Test
    void trialUnitsOfTheFourteenDaysFromTheFirstAgentInstallAreNotBilled() {
        // Seed 002: the 14-day trial starts when the agent is installed; trial units are not billed.
        BillingRule server = new BillingRule(Unit.INSTANCES, BigDecimal.ZERO, BigDecimal.ZERO, Trial.SEED_TRIAL_DAYS, null);
        LocalDate installed = LocalDate.of(2026, 9, 1);
        Map<String, LocalDate> firstSeen = Map.of("srv-old", LocalDate.of(2026, 6, 1), "srv-new", installed);
        List<AssetUsage> records = List.of(usage("srv-old", "1"), usage("srv-new", "1"));

        assertThat(BillableQuantity.of(server, installed.plusDays(13), records, Set.of(), firstSeen))
                .as("day 14 of the trial").isEqualByComparingTo("1");
        assertThat(BillableQuantity.of(server, installed.plusDays(14), records, Set.of(), firstSeen))
                .as("first day after the trial").isEqualByComparingTo("2");
    }

    @Test
    void vmServerSocketsBeyondTheTwoIncludedAreBilledPerServer() {
        // Seed 002: socket licenses for each socket exceeding the two included in the VM Server subscription.
        BillingRule sockets = new BillingRule(Unit.SOCKETS, BigDecimal.valueOf(2), BigDecimal.ZERO, 0, null);
        List<AssetUsage> hosts = List.of(usage("host-a", "4"), usage("host-b", "2"), usage("host-c", "1"));

        assertThat(BillableQuantity.of(sockets, DAY, hosts, Set.of(), Map.of()))
                .as("2 beyond on host-a; host-c's unused included socket does not offset it").isEqualByComparingTo("2");
    }

    @Test
    void advancedRebrandingTheBaseBrandingIsFree() {
        // Seed 002: one base branding is included free of charge; each additional branding is a license.
        BillingRule branding = new BillingRule(Unit.BRANDINGS, BigDecimal.ZERO, BigDecimal.ONE, 0, null);

        assertThat(BillableQuantity.of(branding, DAY, List.of(usage("base", "1")), Set.of(), Map.of()))
                .isEqualByComparingTo("0");
        assertThat(BillableQuantity.of(branding, DAY,
                List.of(usage("base", "1"), usage("partner-a", "1"), usage("partner-b", "1")), Set.of(), Map.of()))
                .isEqualByComparingTo("2");
    }

    @Test
    void licensesCountOnePerInstanceAdministratorDomainUserAndDomain() {
        // Seed 002: per instance (each endpoint with an agent), per administrator, per domain user, per domain.
        List<AssetUsage> records = List.of(usage("a", "1"), usage("a", "1"), usage("b", "3"), usage("c", "0"));
        for (Unit unit : List.of(Unit.INSTANCES, Unit.ADMINISTRATORS, Unit.DOMAIN_USERS, Unit.DOMAINS)) {
            assertThat(BillableQuantity.of(BillingRule.plain(unit), DAY, records, Set.of(), Map.of()))
                    .as(unit + ": a and b each once, c had no usage").isEqualByComparingTo("2");
        }
    }

    @Test
    void onlineBackupIsBilledOnStorageConsumedPerCustomerSite() {
        // Seed 000: a utility billed on consumption; usage is reported per customer site.
        BillingRule kob = BillingRule.plain(Unit.STORAGE_GB);
        List<AssetUsage> siteMachines = List.of(usage("pc-1", "12.5"), usage("pc-2", "7.25"), usage("nas", "100"));

        assertThat(BillableQuantity.of(kob, DAY, siteMachines, Set.of(), Map.of())).isEqualByComparingTo("119.75");
    }

    private static AssetUsage usage(String asset, String quantity) {
        return new AssetUsage(asset, new BigDecimal(quantity));
    }
}
