package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Autotask query body: {"MaxRecords", "IncludeFields", "filter"}. Property and field names are
 * case-insensitive as in Autotask; numbers compare numerically, dates by their date part, other
 * strings case-insensitively. Every problem is a 400, never a 500.
 */
final class AutotaskQuery {

    static final int MAX_RECORDS_LIMIT = 500;
    private static final Set<String> COMPARISONS = Set.of("eq", "noteq", "gt", "gte", "lt", "lte");

    final int maxRecords;
    private final List<String> includeFields;
    private final JsonNode filter;

    private AutotaskQuery(int maxRecords, List<String> includeFields, JsonNode filter) {
        this.maxRecords = maxRecords;
        this.includeFields = includeFields;
        this.filter = filter;
    }

    /** Parses and checks the body against the entity's field names. */
    static AutotaskQuery parse(JsonNode body, Set<String> entityFields) {
        if (body == null || !body.isObject()) {
            throw AutotaskSimError.badRequest("query body must be a JSON object");
        }
        JsonNode max = property(body, "MaxRecords");
        int maxRecords = MAX_RECORDS_LIMIT;
        if (max != null && !max.isNull()) {
            if (!max.canConvertToExactIntegral() || max.asLong() < 1 || max.asLong() > MAX_RECORDS_LIMIT) {
                throw AutotaskSimError.badRequest("MaxRecords must be a whole number from 1 to 500, got " + max);
            }
            maxRecords = max.asInt();
        }
        List<String> include = null;
        JsonNode includeNode = property(body, "IncludeFields");
        if (includeNode != null && !includeNode.isNull() && !includeNode.isEmpty()) {
            if (!includeNode.isArray()) {
                throw AutotaskSimError.badRequest("IncludeFields must be an array of field names");
            }
            include = new ArrayList<>();
            for (JsonNode name : includeNode) {
                include.add(knownField(name.asText(), entityFields));
            }
        }
        JsonNode filter = property(body, "filter");
        if (filter == null || !filter.isArray() || filter.isEmpty()) {
            throw AutotaskSimError.badRequest("filter must be a non-empty array of conditions");
        }
        filter.forEach(condition -> check(condition, entityFields));
        return new AutotaskQuery(maxRecords, include, filter);
    }

    boolean matches(ObjectNode row) {
        for (JsonNode condition : filter) {
            if (!evaluate(condition, row)) {
                return false;
            }
        }
        return true;
    }

    ObjectNode project(ObjectNode row) {
        if (includeFields == null) {
            return row.deepCopy();
        }
        ObjectNode projected = JsonNodeFactory.instance.objectNode();
        for (String field : includeFields) {
            projected.set(field, row.get(field));
        }
        return projected;
    }

    /** The latest date any condition mentions: how far ahead unit periods must be materialized. */
    Optional<LocalDate> latestDateMentioned() {
        List<LocalDate> dates = new ArrayList<>();
        collectDates(filter, dates);
        return dates.stream().max(LocalDate::compareTo);
    }

    /**
     * The numbers a top-level {@code eq} or {@code in} condition allows for {@code field}, if there is
     * one: top-level conditions are all required, so rows with another value can be left out before
     * they are built.
     */
    Optional<Set<Long>> requiredNumbers(String field) {
        for (JsonNode condition : filter) {
            JsonNode name = property(condition, "field");
            JsonNode value = property(condition, "value");
            if (name == null || !name.asText().equalsIgnoreCase(field) || value == null) {
                continue;
            }
            String op = op(condition);
            if (op.equals("eq") && value.canConvertToExactIntegral()) {
                return Optional.of(Set.of(value.asLong()));
            }
            if (op.equals("in")) {
                Set<Long> numbers = new HashSet<>();
                for (JsonNode v : value) {
                    if (!v.canConvertToExactIntegral()) {
                        return Optional.empty();
                    }
                    numbers.add(v.asLong());
                }
                return Optional.of(numbers);
            }
        }
        return Optional.empty();
    }

    /** A property of a JSON object, by case-insensitive name; null when absent. */
    static JsonNode property(JsonNode object, String name) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The yyyy-MM-dd part of a date or date-time string, or null when it is not one. */
    static LocalDate datePart(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().length() < 10) {
            return null;
        }
        String text = value.asText();
        if (text.length() > 10 && text.charAt(10) != 'T' && text.charAt(10) != ' ') {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void check(JsonNode condition, Set<String> entityFields) {
        if (!condition.isObject()) {
            throw AutotaskSimError.badRequest("each filter condition must be an object, got " + condition);
        }
        String op = op(condition);
        if (op.equals("and") || op.equals("or")) {
            JsonNode items = property(condition, "items");
            if (items == null || !items.isArray() || items.isEmpty()) {
                throw AutotaskSimError.badRequest("'" + op + "' needs a non-empty items array");
            }
            items.forEach(item -> check(item, entityFields));
            return;
        }
        if (!COMPARISONS.contains(op) && !op.equals("in") && !op.equals("exist") && !op.equals("notexist")) {
            throw AutotaskSimError.badRequest("unsupported filter op '" + op + "'");
        }
        JsonNode field = property(condition, "field");
        if (field == null || !field.isTextual()) {
            throw AutotaskSimError.badRequest("condition " + condition + " has no field");
        }
        knownField(field.asText(), entityFields);
        JsonNode value = property(condition, "value");
        if (op.equals("in") && (value == null || !value.isArray())) {
            throw AutotaskSimError.badRequest("'in' needs an array value: " + condition);
        }
        if (COMPARISONS.contains(op) && value == null) {
            throw AutotaskSimError.badRequest("condition " + condition + " has no value");
        }
    }

    private static boolean evaluate(JsonNode condition, ObjectNode row) {
        String op = op(condition);
        switch (op) {
            case "and": {
                for (JsonNode item : property(condition, "items")) {
                    if (!evaluate(item, row)) {
                        return false;
                    }
                }
                return true;
            }
            case "or": {
                for (JsonNode item : property(condition, "items")) {
                    if (evaluate(item, row)) {
                        return true;
                    }
                }
                return false;
            }
            default:
                break;
        }
        JsonNode actual = property(row, property(condition, "field").asText());
        boolean present = actual != null && !actual.isNull();
        JsonNode value = property(condition, "value");
        switch (op) {
            case "exist": return present;
            case "notexist": return !present;
            case "in": {
                for (JsonNode candidate : value) {
                    if (present && compare(actual, candidate) == 0) {
                        return true;
                    }
                }
                return false;
            }
            case "eq": return present ? compare(actual, value) == 0 : value.isNull();
            case "noteq": return present ? compare(actual, value) != 0 : !value.isNull();
            default: break;
        }
        if (!present || value.isNull()) {
            return false;
        }
        int c = compare(actual, value);
        switch (op) {
            case "gt": return c > 0;
            case "gte": return c >= 0;
            case "lt": return c < 0;
            default: return c <= 0; // lte
        }
    }

    private static int compare(JsonNode actual, JsonNode value) {
        if (value.isNull()) {
            return 1;
        }
        if (actual.isIntegralNumber() && value.isIntegralNumber() && actual.canConvertToLong() && value.canConvertToLong()) {
            return Long.compare(actual.asLong(), value.asLong());
        }
        if (actual.isNumber() && (value.isNumber() || isNumeric(value.asText()))) {
            return actual.decimalValue().compareTo(new java.math.BigDecimal(value.asText()));
        }
        if (actual.isBoolean()) {
            return Boolean.compare(actual.asBoolean(), value.asBoolean());
        }
        LocalDate actualDate = datePart(actual);
        LocalDate valueDate = datePart(value);
        if (actualDate != null && valueDate != null) {
            return actualDate.compareTo(valueDate);
        }
        return actual.asText().compareToIgnoreCase(value.asText());
    }

    private static boolean isNumeric(String text) {
        return text.matches("-?\\d+(\\.\\d+)?");
    }

    private static String op(JsonNode condition) {
        JsonNode op = property(condition, "op");
        if (op == null || !op.isTextual()) {
            throw AutotaskSimError.badRequest("condition " + condition + " has no op");
        }
        return op.asText().toLowerCase(Locale.ROOT);
    }

    private static String knownField(String name, Set<String> entityFields) {
        for (String field : entityFields) {
            if (field.equalsIgnoreCase(name)) {
                return field;
            }
        }
        throw AutotaskSimError.badRequest("Unable to find " + name + " in the entity; fields are " + entityFields);
    }

    private static void collectDates(JsonNode node, List<LocalDate> dates) {
        if (node.isContainerNode()) {
            node.forEach(child -> collectDates(child, dates));
        } else {
            LocalDate date = datePart(node);
            if (date != null) {
                dates.add(date);
            }
        }
    }
}
