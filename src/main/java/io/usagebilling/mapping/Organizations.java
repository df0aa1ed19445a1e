package io.usagebilling.mapping;

import io.usagebilling.store.Jdbc;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/** Every organization any module reported, with the company it maps to (null while unmapped). */
public final class Organizations {

    /** A discovered organization. */
    public record Discovered(String module, String orgId, String name, LocalDate firstSeen, LocalDate lastSeen,
            Long company) {}

    private final Jdbc jdbc;

    public Organizations(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** A page of them: how many there are in all, and the {@code limit} from {@code offset}, by module and organization id. */
    public record Page(int total, List<Discovered> organizations) {}

    /** Those of one module (null: every module's), or only the unmapped ones, a page at a time. */
    public Page page(String module, boolean onlyUnmapped, int offset, int limit) {
        String which = """
                FROM organization o LEFT JOIN org_mapping m ON m.module_id = o.module_id AND m.org_id = o.org_id
                WHERE (?::text IS NULL OR o.module_id = ?) AND (NOT ? OR m.company_id IS NULL)""";
        return jdbc.inTransaction(c -> new Page(Jdbc.query(c, "SELECT count(*) " + which, rs -> rs.getInt(1), module, module,
                onlyUnmapped).get(0), Jdbc.query(c, "SELECT o.*, m.company_id " + which
                        + " ORDER BY o.module_id, o.org_id OFFSET ? LIMIT ?",
                rs -> new Discovered(rs.getString("module_id"), rs.getString("org_id"), rs.getString("name"),
                        Jdbc.date(rs, "first_seen"), Jdbc.date(rs, "last_seen"), rs.getObject("company_id", Long.class)),
                module, module, onlyUnmapped, offset, limit)));
    }
}
