package io.usagebilling.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Every organization and service mapping change, with who made it and when, so a remap is auditable. */
public final class MappingHistory {

    /** One change: {@code before} is null when the mapping was created, {@code after} when it was deleted. */
    public record Change(long id, String kind, String key, JsonNode before, JsonNode after, String changedBy,
            OffsetDateTime changedAt) {}

    static final String ORGANIZATION = "organization";
    static final String SERVICE = "service";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;

    public MappingHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** The newest changes first; only those of one mapping when {@code key} is given. */
    public List<Change> changes(String kind, String key, int limit) {
        return jdbc.query("""
                SELECT * FROM mapping_history
                WHERE (?::text IS NULL OR kind = ?) AND (?::text IS NULL OR mapping_key = ?)
                ORDER BY id DESC LIMIT ?""",
                rs -> new Change(rs.getLong("id"), rs.getString("kind"), rs.getString("mapping_key"),
                        json(rs.getString("before")), json(rs.getString("after")), rs.getString("changed_by"),
                        rs.getObject("changed_at", OffsetDateTime.class)),
                kind, kind, key, key, limit);
    }

    /** A change to record: {@code before} null for a new mapping. */
    record Entry(String key, Map<String, Object> before, Map<String, Object> after) {}

    /** Records many changes of one kind in one statement, in the order given. */
    static void recordAll(Connection c, String kind, List<Entry> entries, String actor) throws SQLException {
        Jdbc.update(c, """
                INSERT INTO mapping_history (kind, mapping_key, before, after, changed_by)
                SELECT ?, k, b::jsonb, a::jsonb, ? FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS t(k, b, a, n)
                ORDER BY n""",
                kind, actor, Jdbc.texts(c, entries, Entry::key), Jdbc.texts(c, entries, e -> text(e.before())),
                Jdbc.texts(c, entries, e -> text(e.after())));
    }

    static void record(Connection c, String kind, String key, Map<String, Object> before, Map<String, Object> after,
            String actor) throws SQLException {
        Jdbc.update(c, "INSERT INTO mapping_history (kind, mapping_key, before, after, changed_by) VALUES (?, ?, ?::jsonb, ?::jsonb, ?)",
                kind, key, text(before), text(after), actor);
    }

    private static String text(Map<String, Object> value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
