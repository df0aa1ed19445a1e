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

    /** All of them, or one module's, by module and organization id. */
    public List<Discovered> list(String module) {
        return jdbc.query("""
                SELECT o.*, m.company_id FROM organization o
                LEFT JOIN org_mapping m ON m.module_id = o.module_id AND m.org_id = o.org_id
                WHERE ?::text IS NULL OR o.module_id = ?
                ORDER BY o.module_id, o.org_id""",
                rs -> new Discovered(rs.getString("module_id"), rs.getString("org_id"), rs.getString("name"),
                        Jdbc.date(rs, "first_seen"), Jdbc.date(rs, "last_seen"), rs.getObject("company_id", Long.class)),
                module, module);
    }
}
