package io.usagebilling.intake;

import io.usagebilling.domain.UsageRecord;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
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
    /** Values of up to 15 digits and 8 decimals are written from a long (the store keeps 18 and 4). */
    private static final int MAX_PRECISION = 15;
    private static final int MAX_SCALE = 8;
    private static final long[] POWERS = {1, 10, 100, 1000};
    /** 15 digits and up to 3 zeros to align the point: at most 18 digits, 5 groups of 4. */
    private static final int MAX_GROUPS = 5;
    /** The longest numeric field written from a long: its length, the header of four shorts and the groups. */
    private static final int MAX_NUMERIC = Integer.BYTES + 4 * Short.BYTES + MAX_GROUPS * Short.BYTES;

    private UsageCopy() {}

    /** Where copied records come from: a page of a polled collection, or pushed (all null). */
    record Origin(Long syncRunId, Long collectionId, Integer page) {
        static final Origin PUSHED = new Origin(null, null, null);
    }

    /** Copies every record, or none: a duplicate pushed key fails the COPY with a unique violation. */
    static long copy(Connection c, Origin origin, List<UsageRecord> records, Set<String> assetRuleModules)
            throws SQLException {
        ByteBuffer rows = rows(origin, records, assetRuleModules);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(rows.array(), 0, rows.position());
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** The COPY data of the records: the header, a tuple per record, the trailer. */
    private static ByteBuffer rows(Origin origin, List<UsageRecord> records, Set<String> assetRuleModules) {
        ByteBuffer out = ByteBuffer.allocate(HEADER.length + records.size() * 200 + Short.BYTES).put(HEADER);
        for (UsageRecord r : records) {
            byte[] module = utf8(r.module());
            byte[] orgId = utf8(r.orgId());
            byte[] orgName = r.orgName() == null ? orgId : utf8(r.orgName());
            byte[] billingType = utf8(r.billingType());
            byte[] assetId = utf8(r.assetId());
            byte[] sourceRecordId = r.sourceRecordId().equals(r.assetId()) ? assetId : utf8(r.sourceRecordId());
            byte[] quantity = fitsLong(r.quantity()) ? null : ByteConverter.numeric(r.quantity());
            // the field count, each field's length, the variable fields, the date, the run, the flag, the collection and page
            out = room(out, Short.BYTES + COLUMNS.length * Integer.BYTES
                    + (quantity == null ? MAX_NUMERIC : quantity.length) + module.length + orgId.length
                    + orgName.length + billingType.length + (assetId == null ? 0 : assetId.length) + sourceRecordId.length
                    + Integer.BYTES + Long.BYTES + 1 + Long.BYTES + Integer.BYTES);
            out.putShort((short) COLUMNS.length);
            field(out, module);
            field(out, orgId);
            field(out, orgName);
            field(out, billingType);
            field(out, assetId);
            if (quantity == null) {
                numeric(out, r.quantity());
            } else {
                field(out, quantity);
            }
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
        return room(out, Short.BYTES).putShort((short) -1); // the trailer
    }

    private static boolean fitsLong(BigDecimal value) {
        return value.signum() >= 0 && value.scale() >= 0 && value.scale() <= MAX_SCALE && value.precision() <= MAX_PRECISION;
    }

    /**
     * A quantity in numeric's binary form, from its unscaled long ({@link #fitsLong}): digits in base
     * 10,000 around the decimal point, the first one's weight counted from it, trailing zero groups
     * left out. pgjdbc's converter goes through BigInteger divisions for every value.
     */
    private static void numeric(ByteBuffer out, BigDecimal value) {
        int scale = value.scale();
        long rest = value.unscaledValue().longValue() * POWERS[(4 - scale % 4) % 4]; // the point on a group boundary
        short[] digits = new short[MAX_GROUPS];
        int groups = 0;
        for (; rest != 0; rest /= 10_000) {
            digits[groups++] = (short) (rest % 10_000); // least significant first
        }
        int trailingZeros = 0;
        while (trailingZeros < groups && digits[trailingZeros] == 0) {
            trailingZeros++;
        }
        int ndigits = groups - trailingZeros;
        int weight = ndigits == 0 ? 0 : groups - 1 - (scale + 3) / 4;
        out.putInt(4 * Short.BYTES + ndigits * Short.BYTES);
        out.putShort((short) ndigits).putShort((short) weight).putShort((short) 0).putShort((short) scale);
        for (int i = groups - 1; i >= trailingZeros; i--) {
            out.putShort(digits[i]);
        }
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
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
