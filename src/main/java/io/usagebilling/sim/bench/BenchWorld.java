package io.usagebilling.sim.bench;

import io.usagebilling.sim.psa.SimulatedPsa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The benchmark's world, computed from the record count alone so nothing is held in memory: four
 * polled modules with six billing types of every kind of unit, up to 10,000 organizations (one in a
 * hundred unmapped, so discovery runs too), a PSA company per hundred organizations (or as many as a
 * number of lines asks for) with one contract line per module billing type, and about one malformed record in 1,000 (quarantined).
 * Record {@code j} of a module is a pure function of {@code j}: the source simulator serves it page
 * by page and the mapping files and PSA contracts are derived from the same numbers.
 */
public final class BenchWorld {

    /** A module billing type: its unit (mappings/modules.yaml) and the PSA service id of its contract line. */
    public record BillingType(String id, String unit, long serviceId) {}

    public record Module(String id, String name, List<BillingType> types) {}

    public static final List<Module> MODULES = List.of(
            new Module("bench-rmm", "Bench RMM", List.of(new BillingType("devices", "devices", 601))),
            new Module("bench-backup", "Bench Backup", List.of(
                    new BillingType("storage", "storage-gb", 611), new BillingType("servers", "instances", 612))),
            new Module("bench-email", "Bench Email Security", List.of(new BillingType("users", "domain-users", 621))),
            new Module("bench-security", "Bench Security", List.of(
                    new BillingType("devices", "devices", 631), new BillingType("admins", "administrators", 632))));

    static final int MAX_ORGS = 10_000;
    private static final int ORGS_PER_COMPANY = 100;
    private static final long FIRST_COMPANY = 700_000;
    private static final long FIRST_CONTRACT = 800_000;
    private static final int MALFORMED_EVERY = 1_009;

    /** One usage item as the source serves it; {@code quantity} null: the malformed one ("n/a"). */
    public record Item(String orgId, String orgName, String billingType, String assetId, BigDecimal quantity) {}

    private final long records;
    private final int orgs;
    private final int companies;

    public BenchWorld(long records) {
        this(records, 0);
    }

    /**
     * @param lines the PSA contract lines to change, about (a company has one per billing type): the
     *     organizations are spread over that many companies; 0: a company per hundred organizations
     */
    public BenchWorld(long records, int lines) {
        if (records < MODULES.size()) {
            throw new IllegalArgumentException("the benchmark needs at least " + MODULES.size() + " records, not " + records);
        }
        this.records = records;
        this.orgs = (int) Math.min(MAX_ORGS, Math.max(1, records / 25));
        int types = MODULES.stream().mapToInt(m -> m.types().size()).sum();
        this.companies = lines > 0 ? Math.min(orgs, (lines + types - 1) / types) : Math.max(1, orgs / ORGS_PER_COMPANY);
    }

    public long records() {
        return records;
    }

    public int organizations() {
        return orgs;
    }

    /** Records of module number {@code m}: an equal share, the first modules taking the remainder. */
    public long recordsOf(int m) {
        long share = records / MODULES.size();
        return share + (m < records % MODULES.size() ? 1 : 0);
    }

    /** Record {@code j} of module {@code m}: org {@code j mod orgs}, the billing types taking turns over the orgs. */
    public Item item(int m, long j) {
        Module module = MODULES.get(m);
        int org = (int) (j % orgs);
        BillingType type = module.types().get((int) ((j / orgs) % module.types().size()));
        String asset = module.id() + "-asset-" + j;
        if (j % MALFORMED_EVERY == MALFORMED_EVERY - 1) {
            return new Item(orgId(org), orgName(org), type.id(), asset, null);
        }
        return new Item(orgId(org), orgName(org), type.id(), asset, quantity(type, j));
    }

    private static BigDecimal quantity(BillingType type, long j) {
        long h = (j * 2_654_435_761L) >>> 7; // a cheap spread of j
        return switch (type.unit()) {
            case "storage-gb" -> BigDecimal.valueOf(h % 50_000, 2); // 0.00 .. 499.99 GB
            case "devices" -> BigDecimal.valueOf(1 + h % 5);
            default -> BigDecimal.ONE; // one-per-asset units: the asset is what counts
        };
    }

    static String orgId(int org) {
        return "org-" + org;
    }

    private static String orgName(int org) {
        return "Client " + org + ", Inc.";
    }

    private static boolean mapped(int org) {
        return org % 100 != 99;
    }

    private long company(int org) {
        return FIRST_COMPANY + org % companies;
    }

    /** Writes modules.yaml, organizations.yaml, services.yaml and prices.yaml of this world into {@code dir}. */
    public void writeMappings(Path dir) {
        StringBuilder modules = new StringBuilder("modules:\n");
        StringBuilder services = new StringBuilder("services:\n");
        StringBuilder prices = new StringBuilder("prices:\n");
        for (Module m : MODULES) {
            modules.append("  - id: ").append(m.id()).append("\n    name: ").append(m.name())
                    .append("\n    source: poll\n    billingTypes:\n");
            for (BillingType t : m.types()) {
                modules.append("      - {id: ").append(t.id()).append(", unit: ").append(t.unit()).append("}\n");
                prices.append("  - {module: ").append(m.id()).append(", billingType: ").append(t.id())
                        .append(", currency: USD, unitPrice: 1.50, effectiveFrom: 2024-01-01}\n");
                for (int c = 0; c < companies; c++) {
                    services.append("  - {module: ").append(m.id()).append(", billingType: ").append(t.id())
                            .append(", company: ").append(FIRST_COMPANY + c).append(", contract: ")
                            .append(FIRST_CONTRACT + c).append(", service: ").append(t.serviceId())
                            .append(", proration: daily}\n");
                }
            }
        }
        StringBuilder organizations = new StringBuilder("companies:\n");
        for (int c = 0; c < companies; c++) {
            organizations.append("  - {id: ").append(FIRST_COMPANY + c).append(", name: \"Company ").append(c).append("\"}\n");
        }
        organizations.append("organizations:\n");
        for (Module m : MODULES) {
            for (int org = 0; org < orgs; org++) {
                if (mapped(org)) {
                    organizations.append("  - {module: ").append(m.id()).append(", org: ").append(orgId(org))
                            .append(", company: ").append(company(org)).append("}\n");
                }
            }
        }
        write(dir, "modules.yaml", modules);
        write(dir, "organizations.yaml", organizations);
        write(dir, "services.yaml", services);
        write(dir, "prices.yaml", prices);
    }

    /** Puts every company, contract and line of the world into the PSA, at 0 units from the 1st of the month. */
    public void seed(SimulatedPsa psa, LocalDate day) {
        for (int c = 0; c < companies; c++) {
            psa.addCompany(FIRST_COMPANY + c, "Company " + c);
            psa.addContract(FIRST_CONTRACT + c, FIRST_COMPANY + c, "Managed Services " + c);
            for (Module m : MODULES) {
                for (BillingType t : m.types()) {
                    psa.addLine(FIRST_CONTRACT + c, t.serviceId(), BigDecimal.ZERO, day.withDayOfMonth(1));
                }
            }
        }
    }

    static void write(Path dir, String name, CharSequence text) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }
}
