package io.usagebilling.store;

import io.usagebilling.domain.UsageRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * A page of new usage records loaded with PostgreSQL COPY: measured against INSERT … SELECT FROM
 * unnest(arrays), a quarter less time in PostgreSQL, which parses no arrays and plans no statement.
 * Written in COPY's own text format (tab-separated, backslash escapes, \N for NULL), which says
 * exactly what is null and what is empty.
 */
final class UsageCopy {

    private static final String[] COLUMNS = {"module_id", "org_id", "org_name", "billing_type", "asset_id",
        "quantity", "usage_date", "source_record_id", "sync_run_id", "asset_rules"};
    private static final String COPY = "COPY usage_record (" + String.join(", ", COLUMNS) + ") FROM STDIN";
    private static final String NULL = "\\N";

    private UsageCopy() {}

    /** Copies every record, or none: a duplicate key fails the COPY with a unique violation. */
    static long copy(Connection c, Long syncRunId, List<UsageRecord> records, Set<String> assetRuleModules)
            throws SQLException {
        try {
            return c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(COPY, new ByteArrayInputStream(rows(syncRunId, records, assetRuleModules)));
        } catch (IOException e) {
            throw new SQLException("cannot send usage records to PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static byte[] rows(Long syncRunId, List<UsageRecord> records, Set<String> assetRuleModules) {
        StringBuilder rows = new StringBuilder(records.size() * 128);
        String run = syncRunId == null ? NULL : syncRunId.toString();
        for (UsageRecord r : records) {
            field(rows, r.module()).append('\t');
            field(rows, r.orgId()).append('\t');
            field(rows, r.orgName() == null ? r.orgId() : r.orgName()).append('\t');
            field(rows, r.billingType()).append('\t');
            field(rows, r.assetId()).append('\t');
            rows.append(r.quantity().toPlainString()).append('\t');
            rows.append(r.usageDate()).append('\t');
            field(rows, r.sourceRecordId()).append('\t');
            rows.append(run).append('\t');
            rows.append(assetRuleModules.contains(r.module()) ? 't' : 'f').append('\n');
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A text field of COPY's text format: backslash escapes for the separators and the backslash. */
    private static StringBuilder field(StringBuilder rows, String value) {
        if (value == null) {
            return rows.append(NULL);
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(ch);
            }
        }
        return rows;
    }
}
