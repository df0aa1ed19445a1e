package io.usagebilling.intake;

import io.usagebilling.domain.UsageRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this process has already written to {@code organization} (first seen, last seen, the name
 * of the last day), so that the thousand pages of a module that name the same organizations upsert
 * each of them once, not once per page (measured: a quarter of PostgreSQL's time in a sync). A
 * record inside what was written changes nothing (first and last seen only move outward; a name
 * only with a day at or after the last), so forgetting an entry costs a redundant upsert, never a
 * wrong row, and another instance's writes need no notice.
 */
final class RecentSightings {

    /** An organization's sightings, merged: what one upsert writes. */
    record Sighting(String module, String orgId, String name, LocalDate firstSeen, LocalDate lastSeen) {

        static Sighting of(UsageRecord r) {
            return new Sighting(r.module(), r.orgId(), r.nameOrId(), r.usageDate(), r.usageDate());
        }

        /** Both together; on the same last day the later one's name wins. */
        Sighting with(Sighting later) {
            LocalDate first = later.firstSeen.isBefore(firstSeen) ? later.firstSeen : firstSeen;
            return later.lastSeen.isBefore(lastSeen) ? new Sighting(module, orgId, name, first, lastSeen)
                    : new Sighting(module, orgId, later.name, first, later.lastSeen);
        }

        /** True when upserting the record's sighting after this one changes nothing. */
        boolean covers(UsageRecord r) {
            LocalDate day = r.usageDate();
            return !day.isBefore(firstSeen)
                    && (day.isBefore(lastSeen) || day.equals(lastSeen) && r.nameOrId().equals(name));
        }
    }

    /** Per module, per organization id: nested, as (module, id) pairs hash into few buckets. */
    private final Map<String, Map<String, Sighting>> written = new HashMap<>();
    private final int capacity;
    private int size;

    RecentSightings(int capacity) {
        this.capacity = capacity;
    }

    /** Per organization of {@code records} that has a sighting this process has not written, all of them merged. */
    synchronized List<Sighting> unwritten(List<UsageRecord> records) {
        // by module and organization: every transaction upserts (and locks) organizations in one order
        Map<String, Sighting> unwritten = new TreeMap<>();
        for (UsageRecord r : records) {
            Sighting done = written.getOrDefault(r.module(), Map.of()).get(r.orgId());
            if (done == null || !done.covers(r)) { // nearly every record of a night: nothing allocated for it
                unwritten.merge(r.module() + '\n' + r.orgId(), Sighting.of(r), Sighting::with);
            }
        }
        return new ArrayList<>(unwritten.values());
    }

    /** Called once the transaction that upserted them has committed; past the capacity, starts afresh. */
    synchronized void written(List<Sighting> sightings) {
        if (size + sightings.size() > capacity) {
            written.clear();
            size = 0;
        }
        for (Sighting s : sightings) {
            if (written.computeIfAbsent(s.module(), m -> new HashMap<>()).merge(s.orgId(), s, Sighting::with) == s) {
                size++;
            }
        }
    }
}
