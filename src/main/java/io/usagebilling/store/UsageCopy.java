package io.usagebilling.store;

import io.usagebilling.domain.UsageRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.util.ByteConverter;

/**
 * A page of new usage records loaded with PostgreSQL COPY: measured against INSERT … SELECT FROM
 * unnest(arrays), a quarter less time in PostgreSQL, which parses no arrays and plans no statement.
 * Written in COPY's binary format: every value is its length and its bytes, so text needs no
 * escaping and PostgreSQL parses no numbers or dates (1,000,000 rows from a file into the keyed
 * table, SQL alone: 5.4-6.4 s as text, 4.6-5.1 s binary).
 */
final class UsageCopy {

    private static final String[] COLUMNS = {"module_id", "org_id", "org_name", "billing_type", "asset_id",
        "quantity", "usage_date", "source_record_id", "sync_run_id", "asset_rules"};
    private static final String COPY = "COPY usage_record (" + String.join(", ", COLUMNS) + ") FROM STDIN (FORMAT binary)";
    /** The format's signature, then no flags and no header extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** PostgreSQL's dates count days from 2000-01-01. */
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final int NULL = -1;

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

    static byte[] rows(Long syncRunId, List<UsageRecord> records, Set<String> assetRuleModules) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER.length + records.size() * 160);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.write(HEADER);
            for (UsageRecord r : records) {
                out.writeShort(COLUMNS.length);
                text(out, r.module());
                text(out, r.orgId());
                text(out, r.orgName() == null ? r.orgId() : r.orgName());
                text(out, r.billingType());
                text(out, r.assetId());
                byte[] quantity = ByteConverter.numeric(r.quantity());
                out.writeInt(quantity.length);
                out.write(quantity);
                out.writeInt(Integer.BYTES);
                out.writeInt(Math.toIntExact(r.usageDate().toEpochDay() - POSTGRES_EPOCH_DAY));
                text(out, r.sourceRecordId());
                if (syncRunId == null) {
                    out.writeInt(NULL);
                } else {
                    out.writeInt(Long.BYTES);
                    out.writeLong(syncRunId);
                }
                out.writeInt(1);
                out.writeBoolean(assetRuleModules.contains(r.module()));
            }
            out.writeShort(-1); // the trailer
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory; kept honest
        }
        return bytes.toByteArray();
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(NULL);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
