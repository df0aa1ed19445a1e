package io.usagebilling.sim;

import io.usagebilling.domain.rules.Unit;
import io.usagebilling.mapping.Mappings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A module's usage on one day, for the demo: three partners' organizations, named a little
 * differently in every module as seed 001 warns ("Acme Dental", "ACME Dental Group", "Acme Dental,
 * LLC"), with an org id of the module's own, and per billing type a few assets whose quantities
 * drift day by day. Deterministic: the same module and day give the same records.
 */
public final class ModuleUsageGenerator {

    /** One usage record as a module reports it. */
    public record Usage(String recordId, String orgId, String orgName, String billingType, String assetId,
                        BigDecimal quantity) {}

    /** The demo's partners: a key for org ids, and the ways modules spell their names. */
    private static final String[][] PARTNERS = {
        {"acme", "Acme Dental", "ACME Dental Group", "Acme Dental, LLC", "Acme Dental (Main)"},
        {"birch", "Birch & Sons Logistics", "Birch and Sons Logistics", "BIRCH & SONS", "Birch & Sons Logistics Inc."},
        {"cobalt", "Cobalt Legal LLP", "Cobalt Legal", "COBALT LEGAL LLP", "Cobalt Legal - Downtown"},
    };

    private ModuleUsageGenerator() {}

    /** The org id a module uses for a partner ("vulscan-acme"): what organizations.yaml maps. */
    public static String orgId(String module, String partner) {
        return module + "-" + partner;
    }

    public static List<Usage> day(Mappings.Module module, int dayIndex) {
        List<Usage> usage = new ArrayList<>();
        int variant = Math.floorMod(module.id().hashCode(), 4);
        for (String[] partner : PARTNERS) {
            String orgId = orgId(module.id(), partner[0]);
            for (Mappings.BillingType type : module.billingTypes()) {
                Random random = new Random((module.id() + partner[0] + type.id()).hashCode());
                int assets = 1 + random.nextInt(4) + Math.min(dayIndex, random.nextInt(2)); // sometimes one more later
                for (int a = 0; a < assets; a++) {
                    // Asset ids are the partner's, not the module's: Endpoint Backup v1 and v2 see the same assets.
                    String asset = partner[0] + "-" + type.id() + "-" + (a + 1);
                    usage.add(new Usage(orgId + "-" + type.id() + "-" + (a + 1), orgId, partner[1 + variant], type.id(), asset,
                            quantity(type.rule().unit(), random, dayIndex)));
                }
            }
        }
        return usage;
    }

    private static BigDecimal quantity(Unit unit, Random random, int dayIndex) {
        return switch (unit) {
            case STORAGE_GB -> BigDecimal.valueOf(20 + random.nextInt(400) + dayIndex * random.nextInt(5))
                    .add(BigDecimal.valueOf(random.nextInt(100), 2)).setScale(2, RoundingMode.UNNECESSARY);
            case SOCKETS -> BigDecimal.valueOf(1 + random.nextInt(4));
            case DEVICES, USERS, IP_ADDRESSES -> BigDecimal.valueOf(3 + random.nextInt(60) + dayIndex % 3);
            default -> BigDecimal.ONE; // one license per asset
        };
    }
}
