package io.usagebilling.intake;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.StorableText;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.RecentSightings.Sighting;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.mapping.MappingStore;
import io.usagebilling.store.Jdbc;
import io.usagebilling.store.StoreException;
import io.usagebilling.totals.UsageTotals;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Stores one normalized page: its usage records (pushed: a re-delivered record is a duplicate, not a
 * second row; polled: a page of a collection, see PolledSnapshots), the organizations it reveals, and
 * its rejected records in quarantine. One transaction and a few set-based statements per page,
 * whatever its size.
 */
public final class UsageStore {

    /** What a page gave: new records, records already stored as they are, records stored with another quantity. */
    public record Stored(int inserted, int duplicates, int corrected, int quarantined) {}

    private static final String UNIQUE_VIOLATION = "23505";
    /** Module days remembered as having duplicates; a forgotten one costs one failed INSERT again. */
    private static final int DAYS_KEPT = 10_000;

    /** Enough for every organization of a large night's modules; one entry is ~200 bytes. */
    private static final int SIGHTINGS_KEPT = 200_000;

    private final Jdbc jdbc;
    private final RecentSightings recentSightings = new RecentSightings(SIGHTINGS_KEPT);
    private final Set<String> daysWithDuplicates = ConcurrentHashMap.newKeySet();

    public UsageStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Work done in a page's transaction before its records: committed with them, or not at all. */
    @FunctionalInterface
    public interface InPageTransaction {
        void run(Connection c) throws SQLException;
    }

    /** Usage a module pushed (a callback, a CSV drop): a record stored before is a duplicate, or a correction. */
    public Stored storePushed(String module, LocalDate usageDate, SourcePage page) {
        return storePushed(module, usageDate, page, c -> { });
    }

    /** As {@link #storePushed(String, LocalDate, SourcePage)}, with {@code first} in the same transaction. */
    public Stored storePushed(String module, LocalDate usageDate, SourcePage page, InPageTransaction first) {
        page = inKeyOrder(page);
        List<Sighting> sightings = recentSightings.unwritten(page.records());
        String day = module + '/' + usageDate;
        boolean copy = !daysWithDuplicates.contains(day);
        Stored result;
        try {
            result = storePushed(module, usageDate, page, sightings, copy, first);
        } catch (StoreException e) {
            if (!copy || !(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw e;
            }
            if (daysWithDuplicates.size() >= DAYS_KEPT) {
                daysWithDuplicates.clear();
            }
            daysWithDuplicates.add(day);
            result = storePushed(module, usageDate, page, sightings, false, first);
        }
        recentSightings.written(sightings);
        return result;
    }

    /**
     * A page of a polled collection, COPYed as it comes (no key to check: the collection's repeated
     * records are resolved when it is sealed, see PolledSnapshots). A record the page gives twice
     * counts once, as its last.
     */
    public Stored storeCollected(PolledCollection collection, int pageIndex, SourcePage page) {
        List<UsageRecord> records = CollectionKeys.distinct(page.records()) ? page.records() : lastOfEach(page.records());
        List<Sighting> sightings = recentSightings.unwritten(records);
        Stored stored = jdbc.inTransaction(c -> {
            int inserted = records.isEmpty() ? 0 : (int) UsageCopy.copy(c,
                    new UsageCopy.Origin(collection.syncRunId(), collection.id(), pageIndex), records,
                    MappingStore.assetRuleModules(c));
            return count(c, collection.id(), new Stored(inserted, page.records().size() - inserted, 0,
                    organizationsAndRejections(c, collection.syncRunId(), collection.day(), page.rejected(), sightings)));
        });
        recentSightings.written(sightings);
        return stored;
    }

    /** Each record once, as the last the page gave it; only for a page whose keys may repeat (CollectionKeys). */
    private static List<UsageRecord> lastOfEach(List<UsageRecord> records) {
        Map<List<Object>, UsageRecord> once = new LinkedHashMap<>();
        for (UsageRecord r : records) {
            once.put(List.of(r.usageDate(), r.billingType(), r.orgId(), r.sourceRecordId()), r);
        }
        return List.copyOf(once.values());
    }

    /**
     * Pushed batches arrive side by side and overlap: each takes its keys' locks (usage_record's key,
     * organization) in the same order, so two never wait on each other in a circle (a deadlock).
     */
    private static SourcePage inKeyOrder(SourcePage page) {
        List<UsageRecord> records = page.records().stream().sorted(Comparator.comparing(UsageRecord::usageDate)
                .thenComparing(UsageRecord::module).thenComparing(UsageRecord::billingType).thenComparing(UsageRecord::orgId)
                .thenComparing(UsageRecord::sourceRecordId)).toList();
        return new SourcePage(records, page.rejected(), page.leftOut(), page.nextPageUrl(), page.cursor());
    }

    /**
     * The page in one transaction, its records first. {@code copy}: a page of records not seen before
     * is one COPY, and the unique pushed key checks each row as it is indexed. ON CONFLICT would probe
     * the key a second time per row (measured: twice the cost of the insert), so it runs only for a
     * page that has duplicates, after its COPY failed and the transaction was rolled back (nothing else
     * of the page was written yet: no savepoint, two round trips fewer per page); and from then on for
     * every page of that module and day, so a re-send costs PostgreSQL one failed statement per module
     * and day, not one per page.
     */
    private Stored storePushed(String module, LocalDate usageDate, SourcePage page, List<Sighting> sightings, boolean copy,
                               InPageTransaction first) {
        return jdbc.inTransaction(c -> {
            List<UsageRecord> records = page.records();
            UsageTotals.pushing(c, module, records.stream().map(UsageRecord::usageDate).collect(Collectors.toSet()));
            first.run(c);
            int[] written = records.isEmpty() ? new int[] {0, 0}
                    : copy ? new int[] {(int) UsageCopy.copy(c, UsageCopy.Origin.PUSHED, records, MappingStore.assetRuleModules(c)), 0}
                    : insertOrCorrect(c, records);
            UsageTotals.pushed(c, module, records, copy);
            markPushed(c, module, records.stream().map(UsageRecord::usageDate).distinct().toList());
            int inserted = written[0];
            return new Stored(inserted, records.size() - inserted - written[1], written[1],
                    organizationsAndRejections(c, null, usageDate, page.rejected(), sightings));
        });
    }

    /** The page's organizations and rejected records; returns how many were quarantined. */
    private static int organizationsAndRejections(Connection c, Long syncRunId, LocalDate usageDate,
                                                  List<RejectedRecord> rejected, List<Sighting> sightings) throws SQLException {
        upsertOrganizations(c, sightings);
        int quarantined = 0;
        for (RejectedRecord r : rejected) {
            quarantined += quarantine(c, syncRunId, usageDate, r);
        }
        return quarantined;
    }

    private static Stored count(Connection c, long collectionId, Stored stored) throws SQLException {
        Jdbc.update(c, """
                UPDATE source_collection SET pages = pages + 1, stored = stored + ?, duplicates = duplicates + ?,
                    quarantined = quarantined + ? WHERE id = ?""",
                stored.inserted(), stored.duplicates(), stored.quarantined(), collectionId);
        return stored;
    }

    /**
     * A pushed module says these days are complete: nothing (more) was in use. Its lines are then
     * computed for them, as 0 where nothing arrived (see DailyQuantities).
     */
    public static void markComplete(Connection c, String module, List<LocalDate> days) throws SQLException {
        markPushed(c, module, days);
    }

    /**
     * DO NOTHING: a day already marked is neither locked nor rewritten, so batches of one module and day
     * side by side do not queue behind one another's commits.
     */
    private static void markPushed(Connection c, String module, List<LocalDate> days) throws SQLException {
        if (!days.isEmpty()) {
            Jdbc.update(c, """
                    INSERT INTO pushed_day (module_id, usage_date) SELECT ?, d FROM unnest(?::date[]) AS d
                    ON CONFLICT (module_id, usage_date) DO NOTHING""",
                    module, c.createArrayOf("date", days.stream().sorted().toArray())); // in one lock order
        }
    }

    /** Quarantines something that could not even be split into records, such as an unparseable page. */
    public void quarantine(Long syncRunId, LocalDate usageDate, RejectedRecord rejected) {
        jdbc.inTransaction(c -> {
            int added = quarantine(c, syncRunId, usageDate, rejected);
            Jdbc.update(c, "UPDATE source_collection SET quarantined = quarantined + ? WHERE sync_run_id = ? AND module_id = ?",
                    added, syncRunId, rejected.module());
            return added;
        });
    }

    private static int quarantine(Connection c, Long syncRunId, LocalDate usageDate, RejectedRecord r)
            throws SQLException {
        return Jdbc.update(c, """
                INSERT INTO quarantine (module_id, source_record_id, usage_date, reason, payload, sync_run_id)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                StorableText.escaped(r.module()), r.sourceRecordId() == null ? null : StorableText.escaped(r.sourceRecordId()),
                usageDate, StorableText.escaped(r.reason()), StorableText.escaped(r.payload()), syncRunId);
    }


    /**
     * Inserts the records whose key is not stored yet, and corrects those stored with another quantity
     * (the latest wins: the earlier value goes to usage_correction, the day to usage_recompute); a record
     * given twice in the page counts once, as its last. Returns {inserted, corrected}.
     */
    private static int[] insertOrCorrect(Connection c, List<UsageRecord> records) throws SQLException {
        return Jdbc.query(c, """
                WITH incoming AS (
                    SELECT DISTINCT ON (d, m, b, o, s) m, o, n, b, a, q, d::date AS d, s
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::text[])
                        WITH ORDINALITY AS t(m, o, n, b, a, q, d, s, i)
                    ORDER BY d, m, b, o, s, i DESC),
                before AS (
                    SELECT u.module_id, u.org_id, u.billing_type, u.source_record_id, u.usage_date, u.quantity, i.q
                    FROM usage_record u JOIN incoming i ON u.usage_date = i.d AND u.module_id = i.m
                        AND u.billing_type = i.b AND u.org_id = i.o AND u.source_record_id = i.s
                    WHERE u.collection_id IS NULL AND u.quantity <> i.q),
                written AS (
                    INSERT INTO usage_record (module_id, org_id, org_name, billing_type, asset_id, quantity, usage_date,
                        source_record_id, asset_rules)
                    SELECT m, o, n, b, a, q, d, s, m IN (SELECT module_id FROM asset_rule_module) FROM incoming
                    ON CONFLICT (usage_date, module_id, billing_type, org_id, source_record_id) WHERE collection_id IS NULL
                    DO UPDATE SET quantity = excluded.quantity, org_name = excluded.org_name, asset_id = excluded.asset_id,
                        received_at = now()
                        WHERE usage_record.quantity <> excluded.quantity
                    RETURNING xmax = 0 AS inserted),
                audit AS (
                    INSERT INTO usage_correction (module_id, org_id, billing_type, source_record_id, usage_date,
                        quantity_before, quantity_after, sync_run_id)
                    SELECT module_id, org_id, billing_type, source_record_id, usage_date, quantity, q, NULL FROM before),
                recompute AS (
                    INSERT INTO usage_recompute (module_id, org_id, usage_date)
                    SELECT DISTINCT module_id, org_id, usage_date FROM before ON CONFLICT DO NOTHING)
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written""",
                rs -> new int[] {rs.getInt(1), rs.getInt(2)},
                Jdbc.texts(c, records, UsageRecord::module),
                Jdbc.texts(c, records, UsageRecord::orgId),
                Jdbc.texts(c, records, UsageRecord::nameOrId),
                Jdbc.texts(c, records, UsageRecord::billingType),
                Jdbc.texts(c, records, UsageRecord::assetId),
                c.createArrayOf("numeric", records.stream().map(UsageRecord::quantity).toArray(BigDecimal[]::new)),
                Jdbc.texts(c, records, r -> r.usageDate().toString()),
                Jdbc.texts(c, records, UsageRecord::sourceRecordId)).get(0);
    }

    /** First and last seen move outward only; the name is the one of the latest day seen. */
    private static void upsertOrganizations(Connection c, List<Sighting> sightings) throws SQLException {
        if (sightings.isEmpty()) {
            return;
        }
        Jdbc.update(c, """
                INSERT INTO organization (module_id, org_id, name, first_seen, last_seen)
                SELECT m, o, n, f::date, l::date FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS t(m, o, n, f, l)
                ON CONFLICT (module_id, org_id) DO UPDATE SET
                    name = CASE WHEN excluded.last_seen >= organization.last_seen THEN excluded.name
                                ELSE organization.name END,
                    first_seen = LEAST(organization.first_seen, excluded.first_seen),
                    last_seen = GREATEST(organization.last_seen, excluded.last_seen)
                -- an organization seen again on a day it was seen adds nothing: no new row version
                WHERE excluded.first_seen < organization.first_seen OR excluded.last_seen > organization.last_seen
                    OR (excluded.last_seen = organization.last_seen AND excluded.name <> organization.name)""",
                Jdbc.texts(c, sightings, Sighting::module),
                Jdbc.texts(c, sightings, Sighting::orgId),
                Jdbc.texts(c, sightings, Sighting::name),
                Jdbc.texts(c, sightings, s -> s.firstSeen().toString()),
                Jdbc.texts(c, sightings, s -> s.lastSeen().toString()));
    }
}
