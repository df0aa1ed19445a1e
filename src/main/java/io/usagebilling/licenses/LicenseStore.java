package io.usagebilling.licenses;

import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.License;
import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import javax.sql.DataSource;

/**
 * Licenses and their history (seed 002): allocate, change, renew, release, auto-renewal per license
 * or for many at once, and the 14-day trial that starts when an asset first reports usage.
 * Every change writes a {@code license_event} in the same transaction.
 */
public final class LicenseStore {

    /** Filters of the license grid; null means all. {@code type} is {@code module/billingType}. */
    public record Filter(Long company, String type, YearMonth month) {}

    /** One line of the license usage history. */
    public record Event(long licenseId, LocalDate date, String action, String detail) {}

    private static final String TYPE_IN_CATALOG = "SELECT 1 FROM module_billing_type WHERE module_id = ? AND billing_type = ?";
    private static final String COLUMNS = "id, company_id, module_id, billing_type, asset_id, allocated_on, trial_ends,"
            + " auto_renew, valid_until, released_on";

    private final Jdbc jdbc;

    public LicenseStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Starts a trial for every asset that reported usage for a mapped organization and never had a
     * license: from its first usage day, for 14 days. Returns how many trials started.
     */
    public int startTrials() {
        return jdbc.inTransaction(c -> {
            List<long[]> started = Jdbc.query(c, """
                    INSERT INTO license (company_id, module_id, billing_type, asset_id, allocated_on, trial_ends)
                    SELECT DISTINCT ON (u.module_id, u.billing_type, u.asset_id)
                           om.company_id, u.module_id, u.billing_type, u.asset_id, u.usage_date, u.usage_date + ?
                    FROM current_usage u JOIN org_mapping om ON om.module_id = u.module_id AND om.org_id = u.org_id
                    WHERE u.asset_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM license l
                        WHERE l.module_id = u.module_id AND l.billing_type = u.billing_type AND l.asset_id = u.asset_id)
                    ORDER BY u.module_id, u.billing_type, u.asset_id, u.usage_date
                    RETURNING id, allocated_on""",
                    rs -> new long[] {rs.getLong(1), rs.getObject(2, LocalDate.class).toEpochDay()},
                    License.TRIAL_DAYS - 1);
            for (long[] s : started) {
                event(c, s[0], LocalDate.ofEpochDay(s[1]), "trial", "14-day trial: agent first installed");
            }
            return started.size();
        });
    }

    /** Buys a paid license of a type for a company, optionally assigned to an instance; auto-renewal on. */
    public long allocate(long company, String module, String billingType, String assetId, LocalDate day) {
        return jdbc.inTransaction(c -> {
            requireType(c, module, billingType);
            long id = Jdbc.query(c, """
                    INSERT INTO license (company_id, module_id, billing_type, asset_id, allocated_on)
                    VALUES (?, ?, ?, ?, ?) RETURNING id""", rs -> rs.getLong(1),
                    company, module, billingType, assetId, day).get(0);
            event(c, id, day, "allocate", module + "/" + billingType + (assetId == null ? "" : " for " + assetId));
            return id;
        });
    }

    /** A license is of a module's billing type in the catalog; anything else is refused, naming it. */
    private static void requireType(Connection c, String module, String billingType) throws SQLException {
        if (Jdbc.query(c, "SELECT 1 FROM module WHERE id = ?", rs -> 1, module).isEmpty()) {
            throw InputProblem.invalid("module", "no module '" + module + "' in the catalog (mappings/modules.yaml)");
        }
        if (Jdbc.query(c, TYPE_IN_CATALOG, rs -> 1, module, billingType).isEmpty()) {
            throw InputProblem.invalid("billingType", "module '" + module + "' has no billing type '" + billingType + "'");
        }
    }

    /** Changes a license to another type of the same module (e.g. Server to Ultimate backup). */
    public void change(long id, String billingType, LocalDate day) {
        jdbc.inTransaction(c -> {
            License before = live(c, id);
            requireType(c, before.module(), billingType);
            Jdbc.update(c, "UPDATE license SET billing_type = ? WHERE id = ?", billingType, id);
            return event(c, id, day, "change", before.type() + " -> " + before.module() + "/" + billingType);
        });
    }

    /** Renews: auto-renewal on again, no end date; a released license becomes paid again. */
    public void renew(long id, LocalDate day) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, """
                    UPDATE license SET auto_renew = true, valid_until = NULL, released_on = NULL WHERE id = ?""", id);
            return event(c, one(c, id).id(), day, "renew", "auto-renewal on");
        });
    }

    public void release(long id, LocalDate day) {
        jdbc.inTransaction(c -> {
            live(c, id);
            Jdbc.update(c, "UPDATE license SET released_on = ? WHERE id = ?", day, id);
            return event(c, id, day, "release", "released");
        });
    }

    /** Per license or as a group action: with auto-renewal off a license is valid until the end of the month. */
    public void setAutoRenew(List<Long> ids, boolean on, LocalDate day) {
        LocalDate until = on ? null : License.validUntilWithoutRenewal(day);
        jdbc.inTransaction(c -> {
            for (long id : ids) {
                live(c, id);
                Jdbc.update(c, "UPDATE license SET auto_renew = ?, valid_until = ? WHERE id = ?", on, until, id);
                event(c, id, day, on ? "enable auto-renewal" : "disable auto-renewal",
                        on ? "renews monthly" : "valid until " + until);
            }
            return null;
        });
    }

    /** The licenses matching the filters; with a month, those that existed at some point in it. */
    public List<License> list(Filter f) {
        if (f.type() != null) {
            requireFilterType(f.type());
        }
        LocalDate from = f.month() == null ? null : f.month().atDay(1);
        LocalDate to = f.month() == null ? null : f.month().atEndOfMonth();
        return jdbc.query("SELECT " + COLUMNS + """
                 FROM license
                WHERE (?::bigint IS NULL OR company_id = ?) AND (?::text IS NULL OR module_id || '/' || billing_type = ?)
                  AND (?::date IS NULL OR (allocated_on <= ? AND (released_on IS NULL OR released_on >= ?)
                       AND (auto_renew OR valid_until >= ?)))
                ORDER BY company_id, module_id, billing_type, id""", LicenseStore::license,
                f.company(), f.company(), f.type(), f.type(), to, to, from, from);
    }

    /** License usage history of the licenses matching the filters, oldest first. */
    public List<Event> history(Filter f) {
        List<Long> ids = list(new Filter(f.company(), f.type(), null)).stream().map(License::id).toList();
        LocalDate from = f.month() == null ? null : f.month().atDay(1);
        LocalDate to = f.month() == null ? null : f.month().atEndOfMonth();
        return jdbc.query("""
                SELECT license_id, event_date, action, detail FROM license_event
                WHERE license_id = ANY (?) AND (?::date IS NULL OR event_date BETWEEN ? AND ?) ORDER BY event_date, id""",
                rs -> new Event(rs.getLong(1), Jdbc.date(rs, "event_date"), rs.getString(3), rs.getString(4)),
                ids.toArray(Long[]::new), from, from, to);
    }

    /** A filter's type names one of the catalog's billing types: a typo would list nothing, as if none were held. */
    private void requireFilterType(String type) {
        int slash = type.indexOf('/');
        if (slash < 1 || slash == type.length() - 1) {
            throw InputProblem.invalid("type", "type is MODULE/TYPE (e.g. datto-rmm/devices), not '" + type + "'");
        }
        if (jdbc.query(TYPE_IN_CATALOG, rs -> 1, type.substring(0, slash), type.substring(slash + 1)).isEmpty()) {
            throw InputProblem.invalid("type", "no billing type '" + type + "' in the catalog (mappings/modules.yaml)");
        }
    }

    private static License one(Connection c, long id) throws SQLException {
        List<License> found = Jdbc.query(c, "SELECT " + COLUMNS + " FROM license WHERE id = ? FOR UPDATE", LicenseStore::license, id);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no license " + id);
        }
        return found.get(0);
    }

    private static License live(Connection c, long id) throws SQLException {
        License license = one(c, id);
        if (license.releasedOn() != null) {
            throw new IllegalStateException("license " + id + " was released on " + license.releasedOn() + "; renew it first");
        }
        return license;
    }

    private static Void event(Connection c, long id, LocalDate day, String action, String detail) throws SQLException {
        Jdbc.update(c, "INSERT INTO license_event (license_id, event_date, action, detail) VALUES (?, ?, ?, ?)",
                id, day, action, detail);
        return null;
    }

    private static License license(ResultSet rs) throws SQLException {
        return new License(rs.getLong("id"), rs.getLong("company_id"), rs.getString("module_id"),
                rs.getString("billing_type"), rs.getString("asset_id"), Jdbc.date(rs, "allocated_on"),
                Jdbc.date(rs, "trial_ends"), rs.getBoolean("auto_renew"), Jdbc.date(rs, "valid_until"),
                Jdbc.date(rs, "released_on"));
    }
}
