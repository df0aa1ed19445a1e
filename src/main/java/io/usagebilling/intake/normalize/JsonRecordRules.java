package io.usagebilling.intake.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.StorableText;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.domain.UsageRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Turns one usage record of a module's page (its JSON text exactly as received) into a canonical
 * record or a rejection, by the module's {@link JsonShape}. Every rule that can fail names the field
 * and the offending value, because the quarantine reason is what an engineer reads to fix the source.
 */
final class JsonRecordRules {

    static final int MAX_ID_LENGTH = 200;
    /** Days a record may be dated after the day being collected (module clocks in other zones); later is an error. */
    static final int MAX_DAYS_AHEAD = 1;
    private static final int MAX_VALUE_IN_REASON = 80;

    // Duplicate keys are ambiguous (which count is right?), so they reject the record instead of
    // silently keeping the last one. Floats as BigDecimal: 1e400 must not become Infinity.
    static final ObjectReader RECORD_READER = new ObjectMapper()
            .readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Exactly one of the two is non-null, but in {@link #LEFT_OUT}. */
    record Outcome(UsageRecord record, RejectedRecord rejection) {
        /** A record of the shape's {@code skipOrgName}: no client's usage, and nothing wrong with it. */
        static final Outcome LEFT_OUT = new Outcome(null, null);
    }

    /** A field's value, or why it cannot be used. */
    record Field(JsonNode value, String problem) {}

    /** Where the rules read a record's fields: its tree, or the values a streaming read kept (JsonRecordReader). */
    interface Fields {
        Field at(String path);
    }

    private final JsonShape shape;

    JsonRecordRules(JsonShape shape) {
        this.shape = shape;
    }

    Outcome normalize(String rawRecord, LocalDate syncDay) {
        JsonNode node;
        try {
            node = RECORD_READER.readValue(rawRecord);
        } catch (MismatchedInputException e) {
            return duplicateField(e, rawRecord);
        } catch (JsonProcessingException e) {
            return reject(null, "record is not readable JSON: " + e.getOriginalMessage(), rawRecord);
        }
        if (node == null || !node.isObject()) {
            String kind = node == null ? "empty" : node.getNodeType().name().toLowerCase(Locale.ROOT);
            return reject(null, "record is not a JSON object but " + kind + ": " + show(node), rawRecord);
        }
        return normalize(node, () -> rawRecord, syncDay);
    }

    /**
     * A record already read (from a page, a CSV row); {@code payload} gives what quarantine keeps of
     * it, asked for only when the record is rejected.
     */
    Outcome normalize(JsonNode node, Supplier<String> payload, LocalDate syncDay) {
        return normalize(path -> at(node, path), payload, syncDay);
    }

    /** A record's fields, wherever they were read from. */
    Outcome normalize(Fields node, Supplier<String> payload, LocalDate syncDay) {
        if (shape.skipOrgName() != null) {
            JsonNode name = node.at(shape.orgNameField()).value();
            if (name != null && shape.skipOrgName().equals(name.asText(null))) {
                return Outcome.LEFT_OUT;
            }
        }
        Text orgId = id(node, shape.orgIdField());
        if (orgId.problem() != null) {
            return reject(null, orgId.problem(), payload.get());
        }
        Text assetId = optionalId(node, shape.assetIdField());
        Text recordId = optionalId(node, shape.recordIdField());
        String sourceRecordId = recordId.text() != null ? recordId.text()
                : assetId.text() != null ? assetId.text() : orgId.text();
        for (Text t : new Text[] {assetId, recordId}) {
            if (t.problem() != null) {
                return reject(orgId.text(), t.problem(), payload.get());
            }
        }
        String billingType = shape.billingType();
        if (shape.billingTypeField() != null) {
            Text type = id(node, shape.billingTypeField());
            if (type.problem() != null) {
                return reject(sourceRecordId, type.problem(), payload.get());
            }
            billingType = type.text();
        }
        if (shape.billingTypes() != null && !shape.billingTypes().contains(billingType)) {
            return reject(sourceRecordId, "billing type '" + billingType + "' is not one of " + shape.module() + "'s "
                    + shape.billingTypes().stream().sorted().toList(), payload.get());
        }
        Field quantity = node.at(shape.quantityField());
        String quantityProblem = quantity.problem() != null ? quantity.problem() : quantityProblem(quantity.value());
        if (quantityProblem != null) {
            return reject(sourceRecordId, quantityProblem, payload.get());
        }
        LocalDate day = syncDay;
        if (shape.usageDateField() != null) {
            Text date = id(node, shape.usageDateField());
            if (date.problem() != null) {
                return reject(sourceRecordId, date.problem(), payload.get());
            }
            try {
                day = LocalDate.parse(date.text());
            } catch (DateTimeParseException e) {
                return reject(sourceRecordId, shape.usageDateField() + " is not a date (YYYY-MM-DD): "
                        + show(node.at(shape.usageDateField()).value()), payload.get());
            }
            if (day.isBefore(TenantCalendar.EARLIEST_USAGE)) {
                return reject(sourceRecordId, shape.usageDateField() + " " + day + " is before " + TenantCalendar.EARLIEST_USAGE
                        + ": not a usage date", payload.get());
            }
            if (day.isAfter(syncDay.plusDays(MAX_DAYS_AHEAD))) {
                return reject(sourceRecordId, shape.usageDateField() + " " + day + " is in the future (the day collected is "
                        + syncDay + ")", payload.get());
            }
        }
        // Checked above: integral values keep scale 0 (12.0 is stored as 12).
        BigDecimal amount = quantity.value().decimalValue();
        if (shape.wholeUnits()) {
            amount = amount.setScale(0);
        }
        String name = orgId.text();
        if (shape.orgNameField() != null) {
            Field nameField = node.at(shape.orgNameField());
            if (nameField.value() != null && nameField.value().isTextual() && !nameField.value().textValue().isBlank()) {
                // a name only labels the organization: one PostgreSQL cannot hold is kept escaped, not refused
                name = StorableText.escaped(nameField.value().textValue());
            }
        }
        UsageRecord record = new UsageRecord(shape.module(), orgId.text(), name, billingType, assetId.text(), amount,
                day, sourceRecordId);
        return new Outcome(record, null);
    }

    /** An id's text, or why it cannot be used. */
    private record Text(String text, String problem) {
        static final Text NONE = new Text(null, null);
    }

    /** An id that may be absent (no asset, no record id of its own); present, it must be a usable id. */
    private static Text optionalId(Fields node, String path) {
        if (path == null || node.at(path).problem() != null) {
            return Text.NONE;
        }
        return id(node, path);
    }

    /** A string or integral id, not blank and not longer than the store's key allows. */
    private static Text id(Fields node, String path) {
        Field field = node.at(path);
        if (field.problem() != null) {
            return new Text(null, field.problem());
        }
        JsonNode value = field.value();
        String text;
        if (value.isTextual()) {
            text = value.textValue();
        } else if (value.isIntegralNumber()) {
            text = value.bigIntegerValue().toString();
        } else {
            return new Text(null, path + " is not a string: " + show(value));
        }
        if (text.isBlank()) {
            return new Text(null, path + " is blank: " + show(value));
        }
        String unstorable = StorableText.problem(text);
        if (unstorable != null) {
            return new Text(null, path + " " + unstorable);
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_ID_LENGTH) {
            return new Text(null, path + " is longer than " + MAX_ID_LENGTH + " characters (" + length + ")");
        }
        return new Text(text, null);
    }

    /**
     * The value at a dot-separated path; a missing or null step is "missing", a non-object step is
     * named. Walked without splitting: it runs for every field of every record.
     */
    private static Field at(JsonNode node, String path) {
        JsonNode current = node;
        int from = 0;
        while (true) {
            int dot = path.indexOf('.', from);
            int stepEnd = dot < 0 ? path.length() : dot;
            JsonNode next = current.get(from == 0 && dot < 0 ? path : path.substring(from, stepEnd));
            if (next == null || next.isNull()) {
                return new Field(null, path.substring(0, stepEnd) + " is missing");
            }
            if (dot < 0) {
                return new Field(next, null);
            }
            if (!next.isObject()) {
                return new Field(null, path.substring(0, stepEnd) + " is not an object: " + show(next));
            }
            current = next;
            from = dot + 1;
        }
    }

    /** Null when the value is a usable quantity, else what is wrong with it. */
    private String quantityProblem(JsonNode count) {
        String field = shape.quantityField();
        String kind = shape.wholeUnits() ? "an integral number" : "a number";
        if (!count.isNumber()) {
            return field + " is not " + kind + ": " + show(count);
        }
        BigDecimal value = count.decimalValue();
        // stripTrailingZeros is cheap even for 1e999999999; never expand such a value to digits.
        if (shape.wholeUnits() && value.stripTrailingZeros().scale() > 0) {
            return field + " is not " + kind + ": " + show(count);
        }
        if (value.signum() < 0) {
            return field + " is negative: " + show(count);
        }
        if (value.compareTo(shape.maxQuantity()) > 0) {
            return field + " is above the sanity maximum " + shape.maxQuantity().toPlainString() + ": " + show(count);
        }
        if (!shape.wholeUnits() && value.stripTrailingZeros().scale() > 4) {
            return field + " has more than 4 decimals: " + show(count); // the store keeps 4
        }
        return null;
    }

    /** A record that {@link #RECORD_READER} refused for a field given twice. */
    Outcome duplicateField(MismatchedInputException e, String rawRecord) {
        return reject(null, "record has a duplicate field: " + e.getOriginalMessage(), rawRecord);
    }

    private Outcome reject(String sourceRecordId, String reason, String rawRecord) {
        return new Outcome(null, new RejectedRecord(shape.module(), sourceRecordId, reason, rawRecord));
    }

    /** The value as JSON text, cut short so one absurd value cannot bloat the quarantine reason. */
    private static String show(JsonNode value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_VALUE_IN_REASON) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(MAX_VALUE_IN_REASON - 1))
                ? MAX_VALUE_IN_REASON - 1
                : MAX_VALUE_IN_REASON;
        return text.substring(0, cut) + "...";
    }
}
