package io.usagebilling.intake.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a record object straight from a page's parser, keeping only the values at the shape's paths,
 * as the nodes {@link JsonRecordRules#RECORD_READER} would have made of them: no tree of the record.
 * A record it cannot stand for exactly (a field given twice, an object or array where a value is
 * read) is left to the tree, and so is a record the rules reject, whose reason the tree names.
 */
final class JsonRecordReader {

    private static final JsonRecordRules.Field ABSENT = new JsonRecordRules.Field(null, "absent");

    /** One step of the shape's paths: where a field's value is kept, the steps beneath it. */
    private static final class Step {
        final Map<String, Step> next = new HashMap<>();
        int kept = -1;
    }

    private final String[] paths;
    private final Step root = new Step();

    JsonRecordReader(JsonShape shape) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String path : new String[] {shape.orgIdField(), shape.orgNameField(), shape.billingTypeField(),
            shape.quantityField(), shape.assetIdField(), shape.usageDateField(), shape.recordIdField()}) {
            if (path != null) {
                distinct.add(path);
            }
        }
        paths = distinct.toArray(String[]::new);
        for (int i = 0; i < paths.length; i++) {
            Step step = root;
            for (String name : paths[i].split("\\.", -1)) {
                step = step.next.computeIfAbsent(name, n -> new Step());
            }
            step.kept = i;
        }
    }

    /**
     * The record's kept values, or null when the tree must read it; the parser is on the record's
     * START_OBJECT and ends on its END_OBJECT (read whole either way, so its syntax is checked).
     */
    JsonRecordRules.Fields read(JsonParser parser) throws IOException {
        JsonNode[] values = new JsonNode[paths.length];
        if (!object(parser, root, values)) {
            return null;
        }
        return path -> {
            for (int i = 0; i < paths.length; i++) {
                if (paths[i] == path || paths[i].equals(path)) { // the rules ask with the shape's own strings
                    return values[i] == null ? ABSENT : new JsonRecordRules.Field(values[i], null);
                }
            }
            return ABSENT;
        };
    }

    /** Reads an object, keeping what lies on {@code step}'s paths; false when the tree must read the record. */
    private boolean object(JsonParser parser, Step step, JsonNode[] values) throws IOException {
        boolean exact = true;
        List<String> names = new ArrayList<>(8);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (names.contains(name)) {
                exact = false; // the tree refuses it, naming the field
            }
            names.add(name);
            JsonToken token = parser.nextToken();
            Step next = step == null ? null : step.next.get(name);
            if (next != null && next.kept >= 0 && !token.isStructStart()) {
                values[next.kept] = scalar(parser, token);
            } else {
                exact &= (next == null || next.kept < 0) & value(parser, token, next, values);
            }
        }
        return exact;
    }

    private boolean value(JsonParser parser, JsonToken token, Step step, JsonNode[] values) throws IOException {
        switch (token) {
            case START_OBJECT:
                return object(parser, step, values);
            case START_ARRAY:
                boolean exact = true;
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    exact &= value(parser, element, null, values);
                }
                return exact;
            case VALUE_NUMBER_INT:
                parser.getNumberType(); // read as the tree reads it, so a number it cannot take fails alike
                return true;
            case VALUE_NUMBER_FLOAT:
                parser.getDecimalValue();
                return true;
            default:
                return true;
        }
    }

    /** A scalar as the tree reader makes it (floats as BigDecimal, trailing zeros stripped); null for null. */
    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return TextNode.valueOf(parser.getText());
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> IntNode.valueOf(parser.getIntValue());
                    case LONG -> LongNode.valueOf(parser.getLongValue());
                    default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                BigDecimal value = parser.getDecimalValue();
                try {
                    value = value.stripTrailingZeros();
                } catch (ArithmeticException e) {
                    // as the tree reader: a value whose scale would overflow is kept as written
                }
                return DecimalNode.valueOf(value);
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            default:
                return null;
        }
    }
}
