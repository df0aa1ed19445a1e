package io.usagebilling.intake;

import io.usagebilling.domain.UsageRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
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
        "quantity", "usage_date", "source_record_id", "sync_run_id", "asset_rules", "collection_id", "collection_page"};
    private static final String COPY = "COPY usage_record (" + String.join(", ", COLUMNS) + ") FROM STDIN (FORMAT binary)";
    /** The format's signature, then no flags and no header extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** PostgreSQL's dates count days from 2000-01-01. */
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final int NULL = -1;

    private UsageCopy() {}

    /** Where copied records come from: a page of a polled collection, or pushed (all null). */
    record Origin(Long syncRunId, Long collectionId, Integer page) {
        static final Origin PUSHED = new Origin(null, null, null);
    }

    /** Copies every record, or none: a duplicate pushed key fails the COPY with a unique violation. */
    static long copy(Connection c, Origin origin, List<UsageRecord> records, Set<String> assetRuleModules)
            throws SQLException {
        try {
            return c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(COPY, new ByteArrayInputStream(rows(origin, records, assetRuleModules)));
        } catch (IOException e) {
            throw new SQLException("cannot send usage records to PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The COPY data of the records: the header, a tuple per record, the trailer. */
    private static byte[] rows(Origin origin, List<UsageRecord> records, Set<String> assetRuleModules) {
        ByteBuffer out = ByteBuffer.allocate(HEADER.length + records.size() * 200 + Short.BYTES).put(HEADER);
        for (UsageRecord r : records) {
            byte[] module = utf8(r.module());
            byte[] orgId = utf8(r.orgId());
            byte[] orgName = utf8(r.nameOrId());
            byte[] billingType = utf8(r.billingType());
            byte[] assetId = utf8(r.assetId());
            byte[] quantity = ByteConverter.numeric(r.quantity());
            byte[] sourceRecordId = utf8(r.sourceRecordId());
            // the field count, each field's length, the variable fields, the date, the run, the flag, the collection and page
            out = room(out, Short.BYTES + COLUMNS.length * Integer.BYTES
                    + length(module, orgId, orgName, billingType, assetId, quantity, sourceRecordId)
                    + Integer.BYTES + Long.BYTES + 1 + Long.BYTES + Integer.BYTES);
            out.putShort((short) COLUMNS.length);
            field(out, module);
            field(out, orgId);
            field(out, orgName);
            field(out, billingType);
            field(out, assetId);
            field(out, quantity);
            out.putInt(Integer.BYTES).putInt(Math.toIntExact(r.usageDate().toEpochDay() - POSTGRES_EPOCH_DAY));
            field(out, sourceRecordId);
            bigint(out, origin.syncRunId());
            out.putInt(1).put((byte) (assetRuleModules.contains(r.module()) ? 1 : 0));
            bigint(out, origin.collectionId());
            if (origin.page() == null) {
                out.putInt(NULL);
            } else {
                out.putInt(Integer.BYTES).putInt(origin.page());
            }
        }
        out = room(out, Short.BYTES).putShort((short) -1); // the trailer
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[]... values) {
        int length = 0;
        for (byte[] value : values) {
            length += value == null ? 0 : value.length;
        }
        return length;
    }

    /** {@code out}, or a copy of it twice as large when {@code bytes} more would not fit. */
    private static ByteBuffer room(ByteBuffer out, int bytes) {
        if (out.remaining() >= bytes) {
            return out;
        }
        ByteBuffer larger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
        return larger.put(out.flip());
    }

    private static void bigint(ByteBuffer out, Long value) {
        if (value == null) {
            out.putInt(NULL);
        } else {
            out.putInt(Long.BYTES).putLong(value);
        }
    }

    /** A field's length and bytes; null: the length -1 alone. */
    private static void field(ByteBuffer out, byte[] value) {
        if (value == null) {
            out.putInt(NULL);
        } else {
            out.putInt(value.length).put(value);
        }
    }
}
