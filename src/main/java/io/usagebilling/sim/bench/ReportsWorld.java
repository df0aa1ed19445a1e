package io.usagebilling.sim.bench;

import io.usagebilling.mapping.MappingStore;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.store.Jdbc;
import io.usagebilling.totals.UsageTotals;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/**
 * The reports benchmark's store: the bench's four polled modules over {@link #DAYS} days, half of each
 * module's organizations unmapped (10,000 of 20,000 at full size), the mapped half spread over 100
 * PSA companies, one billing type left without a service line at every other company. It is written
 * into the real tables as the daily sync leaves them (a succeeded run per day, a sealed collection per
 * module and day, its records COPY-ordered by collection, organizations, about one record in 1,000
 * quarantined, the usage totals as a seal writes them) by set-based SQL rather than through HTTP, so
 * 10 million records take minutes, not hours.
 */
final class ReportsWorld {

    static final int DAYS = 75;
    private static final int MAX_ORGS_PER_MODULE = 5_000;
    private static final int COMPANIES = 100;
    private static final long FIRST_COMPANY = 700_000;
    private static final long FIRST_CONTRACT = 800_000;
    private static final int QUARANTINED_EVERY = 1_009;

    private final long records;
    private final int orgsPerModule;

    ReportsWorld(long records) {
        this.records = records;
        this.orgsPerModule = (int) Math.max(2, Math.min(MAX_ORGS_PER_MODULE, records / BenchWorld.MODULES.size() / DAYS / 2));
    }

    long records() {
        return records;
    }

    /** Odd organizations are unmapped: half of them. */
    int unmappedOrganizations() {
        return orgsPerModule / 2 * BenchWorld.MODULES.size();
    }

    long company(int c) {
        return FIRST_COMPANY + c;
    }

    /** One module's records on one day: an equal share, the first days and modules taking the remainder. */
    private long recordsOf(int day, int module) {
        int slices = DAYS * BenchWorld.MODULES.size();
        int slice = day * BenchWorld.MODULES.size() + module;
        return records / slices + (slice < records % slices ? 1 : 0);
    }

    /** Without a service line: the last billing type of a module with several, at even companies. */
    private static boolean hasLine(BenchWorld.Module m, BenchWorld.BillingType t, int company) {
        return company % 2 == 1 || m.types().size() == 1 || !t.equals(m.types().get(m.types().size() - 1));
    }

    void writeMappings(Path dir) {
        StringBuilder modules = new StringBuilder("modules:\n");
        StringBuilder services = new StringBuilder("services:\n");
        StringBuilder prices = new StringBuilder("prices:\n");
        for (BenchWorld.Module m : BenchWorld.MODULES) {
            modules.append("  - id: ").append(m.id()).append("\n    name: ").append(m.name())
                    .append("\n    source: poll\n    billingTypes:\n");
            for (BenchWorld.BillingType t : m.types()) {
                modules.append("      - {id: ").append(t.id()).append(", unit: ").append(t.unit()).append("}\n");
                prices.append("  - {module: ").append(m.id()).append(", billingType: ").append(t.id())
                        .append(", currency: USD, unitPrice: 1.50, effectiveFrom: 2024-01-01}\n");
                for (int c = 0; c < COMPANIES; c++) {
                    if (hasLine(m, t, c)) {
                        services.append("  - {module: ").append(m.id()).append(", billingType: ").append(t.id())
                                .append(", company: ").append(company(c)).append(", contract: ")
                                .append(FIRST_CONTRACT + c).append(", service: ").append(t.serviceId())
                                .append(", proration: daily}\n");
                    }
                }
            }
        }
        StringBuilder organizations = new StringBuilder("companies:\n");
        for (int c = 0; c < COMPANIES; c++) {
            organizations.append("  - {id: ").append(company(c)).append(", name: \"Company ").append(c).append("\"}\n");
        }
        organizations.append("organizations:\n");
        for (BenchWorld.Module m : BenchWorld.MODULES) {
            for (int org = 0; org < orgsPerModule; org += 2) {
                organizations.append("  - {module: ").append(m.id()).append(", org: ").append(BenchWorld.orgId(org))
                        .append(", company: ").append(company(org / 2 % COMPANIES)).append("}\n");
            }
        }
        BenchWorld.write(dir, "modules.yaml", modules);
        BenchWorld.write(dir, "organizations.yaml", organizations);
        BenchWorld.write(dir, "services.yaml", services);
        BenchWorld.write(dir, "prices.yaml", prices);
    }

    /** Every company, contract and line with a service mapping, at 0 units from the first day. */
    void seed(AutotaskSimulator psa, LocalDate firstDay) {
        for (int c = 0; c < COMPANIES; c++) {
            psa.addCompany(company(c), "Company " + c);
            psa.addContract(FIRST_CONTRACT + c, company(c), "Managed Services " + c);
            for (BenchWorld.Module m : BenchWorld.MODULES) {
                for (BenchWorld.BillingType t : m.types()) {
                    if (hasLine(m, t, c)) {
                        psa.addLine(FIRST_CONTRACT + c, t.serviceId(), BigDecimal.ZERO, firstDay.withDayOfMonth(1));
                    }
                }
            }
        }
    }

    /** The succeeded runs of the world's days up to {@code lastDay} a store already holds, first day first. */
    List<Long> runs(Jdbc jdbc, LocalDate lastDay) {
        return jdbc.query("SELECT id FROM sync_run WHERE status = 'succeeded' AND usage_date BETWEEN ? AND ? ORDER BY usage_date",
                rs -> rs.getLong(1), lastDay.minusDays(DAYS - 1), lastDay);
    }

    /**
     * Writes the days up to {@code lastDay}: runs, collections, snapshots, records, organizations and
     * quarantine; returns each day's run id, first day first.
     */
    List<Long> fill(DataSource dataSource, LocalDate lastDay) {
        Jdbc jdbc = new Jdbc(dataSource);
        LocalDate firstDay = lastDay.minusDays(DAYS - 1);
        List<Long> runs = jdbc.query("""
                INSERT INTO sync_run (usage_date, started_at, finished_at, status)
                SELECT d, d + time '05:15', d + time '05:16', 'succeeded' FROM generate_series(?::date, ?::date, interval '1 day') d
                ORDER BY d RETURNING id""", rs -> rs.getLong(1), firstDay, lastDay);
        for (int day = 0; day < DAYS; day++) {
            for (int m = 0; m < BenchWorld.MODULES.size(); m++) {
                fillCollection(jdbc, runs.get(day), m, day, firstDay.plusDays(day));
            }
        }
        for (BenchWorld.Module m : BenchWorld.MODULES) {
            jdbc.update("""
                    INSERT INTO organization (module_id, org_id, name, first_seen, last_seen)
                    SELECT ?, 'org-' || o, 'Client ' || o || ', Inc.', ?, ? FROM generate_series(0, ? - 1) o
                    ON CONFLICT DO NOTHING""", m.id(), firstDay, lastDay, orgsPerModule);
        }
        return runs;
    }

    /** One module's sealed collection of one day; record i is org i mod orgs, the types taking turns over the orgs. */
    private void fillCollection(Jdbc jdbc, long run, int m, int day, LocalDate date) {
        BenchWorld.Module module = BenchWorld.MODULES.get(m);
        long n = recordsOf(day, m);
        long collection = jdbc.query("""
                INSERT INTO source_collection (sync_run_id, module_id, status, pages, stored) VALUES (?, ?, 'succeeded', ?, ?)
                RETURNING id""", rs -> rs.getLong(1), run, module.id(), (n + 999) / 1000, n).get(0);
        String[] types = module.types().stream().map(BenchWorld.BillingType::id).toArray(String[]::new);
        String[] units = module.types().stream().map(BenchWorld.BillingType::unit).toArray(String[]::new);
        boolean assetRules = jdbc.inTransaction(c -> MappingStore.assetRuleModules(c).contains(module.id()));
        jdbc.inTransaction(c -> {
            Jdbc.update(c, """
                    INSERT INTO usage_record (module_id, org_id, org_name, billing_type, asset_id, quantity, usage_date,
                        source_record_id, sync_run_id, asset_rules, collection_id, collection_page)
                    SELECT ?, 'org-' || (i % ?), 'Client ' || (i % ?) || ', Inc.', t.types[t.k], ? || '-asset-' || i,
                        CASE t.units[t.k] WHEN 'storage-gb' THEN ((((i + ?) * 2654435761) >> 7) % 50000) / 100.0
                                          WHEN 'devices' THEN 1 + (((i + ?) * 2654435761) >> 7) % 5 ELSE 1 END,
                        ?, ? || '-asset-' || i, ?, ?, ?, i / 1000
                    FROM generate_series(0::bigint, ? - 1) i,
                        LATERAL (SELECT ?::text[] AS types, ?::text[] AS units,
                                        1 + ((i / ?) % cardinality(?::text[]))::int AS k) t
                    WHERE i % ? <> ? - 1""",
                    module.id(), orgsPerModule, orgsPerModule, module.id(), day, day, date, module.id(), run, assetRules,
                    collection, n, c.createArrayOf("text", types), c.createArrayOf("text", units), orgsPerModule,
                    c.createArrayOf("text", types), QUARANTINED_EVERY, QUARANTINED_EVERY);
            Jdbc.update(c, """
                    INSERT INTO quarantine (module_id, source_record_id, usage_date, reason, payload, sync_run_id)
                    SELECT ?, ? || '-asset-' || i, ?, 'quantity: not a number: n/a', '{"assetId":"' || i || '","quantity":"n/a"}', ?
                    FROM generate_series(0::bigint, ? - 1) i WHERE i % ? = ? - 1""",
                    module.id(), module.id(), date, run, n, QUARANTINED_EVERY, QUARANTINED_EVERY);
            Jdbc.update(c, "INSERT INTO polled_snapshot (module_id, usage_date, collection_id) VALUES (?, ?, ?)",
                    module.id(), date, collection);
            UsageTotals.sealing(c, module.id(), List.of(date));
            UsageTotals.sealed(c, module.id(), date, collection, null);
            return null;
        });
    }
}
