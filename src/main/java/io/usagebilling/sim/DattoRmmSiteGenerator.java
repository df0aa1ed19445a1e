package io.usagebilling.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Deterministic, realistic Datto RMM sites: company-like names ("Acme Dental - Main Office"),
 * stable UUID uids and device counts 1..250 skewed towards small offices, as an MSP's book is.
 */
final class DattoRmmSiteGenerator {

    private static final String[] COMPANIES = {
        "Acme", "Summit", "Blue Ridge", "Harborview", "Northwind", "Cedar Creek", "Pinnacle",
        "Riverside", "Lakeshore", "Oakridge", "Silver Lake", "Redwood", "Meridian", "Granite",
        "Evergreen", "Brightside", "Westfield", "Ironwood", "Clearwater", "Highland",
    };
    private static final String[] TRADES = {
        "Dental", "Law Group", "Accounting", "Logistics", "Family Medicine", "Veterinary Clinic",
        "Realty", "Construction", "Insurance Agency", "Architects", "Manufacturing",
        "Credit Union", "School District", "Engineering", "Auto Group",
    };
    private static final String[] LOCATIONS = {
        "Main Office", "HQ", "Warehouse", "Branch Office", "Downtown", "North Campus",
        "Remote Staff", "Data Center",
    };

    private DattoRmmSiteGenerator() {}

    static List<DattoRmmSimulator.Site> generate(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Random random = new Random(seed);
        List<DattoRmmSimulator.Site> sites = new ArrayList<>(count);
        Set<String> names = new HashSet<>();
        long id = 10_000 + random.nextInt(90_000);
        for (int i = 0; i < count; i++) {
            id += 1 + random.nextInt(3); // real ids have gaps where sites were deleted
            String uid = UUID.nameUUIDFromBytes(("datto-rmm-site:" + seed + ":" + i)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            sites.add(new DattoRmmSimulator.Site(id, uid, uniqueName(random, names), deviceCount(random)));
        }
        return List.copyOf(sites);
    }

    /** Site names are unique within an account, so repeats get a number like a human would add. */
    private static String uniqueName(Random random, Set<String> taken) {
        String base = pick(random, COMPANIES) + " " + pick(random, TRADES) + " - " + pick(random, LOCATIONS);
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + " " + n;
        }
        return name;
    }

    /** 60% small (1..25), 30% medium (26..100), 10% large (101..250); integers only. */
    private static int deviceCount(Random random) {
        int tier = random.nextInt(10);
        if (tier < 6) {
            return 1 + random.nextInt(25);
        }
        if (tier < 9) {
            return 26 + random.nextInt(75);
        }
        return 101 + random.nextInt(150);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
