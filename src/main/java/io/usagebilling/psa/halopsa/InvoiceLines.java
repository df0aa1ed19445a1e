package io.usagebilling.psa.halopsa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.DatedRows.Row;
import io.usagebilling.psa.DatedRows;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A recurring invoice's lines as HaloPSA gives them (JSON): an item's lines as dated rows, and a change made
 * on them in place, ready to be sent back whole. Assumed (docs/delivery.md, "HaloPSA"): a line's
 * {@code item_id}, its quantity field (configured) and {@code start_date}/{@code end_date}, the days it is in force.
 */
final class InvoiceLines {

    private final String quantityField;

    InvoiceLines(String quantityField) {
        this.quantityField = quantityField;
    }

    /** The change made on the invoice's lines (as read, changed in place): the line in force ended, a copy from the date. */
    DatedRows.Change change(ArrayNode lines, ContractLine line, LocalDate effectiveDate, BigDecimal unitChange, String what) {
        List<Row> rows = itemRows(line, lines);
        DatedRows.Change change = DatedRows.change(rows, effectiveDate, unitChange, what);
        if (change.inPlace()) {
            byId(lines, change.current().id()).put(quantityField, change.quantity());
        } else {
            ObjectNode added = byId(lines, template(rows, effectiveDate).id()).deepCopy();
            added.remove("id");
            added.put(quantityField, change.quantity()).put("start_date", dateTime(effectiveDate))
                    .put("end_date", change.until() == null ? null : dateTime(change.until()));
            if (change.endsCurrent()) {
                byId(lines, change.current().id()).put("end_date", dateTime(effectiveDate.minusDays(1)));
            }
            lines.add(added);
        }
        return change;
    }

    /** The item's lines as dated rows; none is an error (the item is not on the invoice). */
    List<Row> itemRows(ContractLine line, ArrayNode lines) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode l : lines) {
            if (l.path("item_id").asLong() == line.serviceId()) {
                rows.add(row(line, l));
            }
        }
        if (rows.isEmpty()) {
            throw new PsaException(Outcome.REJECTED, "recurring invoice " + line.contractId() + " has no line of item "
                    + line.serviceId() + ": the item is not on the recurring invoice");
        }
        return rows;
    }

    private Row row(ContractLine line, JsonNode l) {
        if (!l.path(quantityField).isNumber()) {
            throw new PsaException(Outcome.MISCONFIGURED, line + ": HaloPSA's recurring-invoice line " + l.path("id")
                    + " has no number in '" + quantityField + "': set psa.halopsa.quantity-field (HALO_QUANTITY_FIELD) to the"
                    + " field that holds a line's quantity");
        }
        try {
            String end = l.path("end_date").asText("");
            return new Row(l.path("id").asLong(), l.path(quantityField).decimalValue(),
                    LocalDate.parse(l.path("start_date").asText("").substring(0, 10)),
                    end.isEmpty() || l.path("end_date").isNull() ? null : LocalDate.parse(end.substring(0, 10)));
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new PsaException(Outcome.REJECTED, line + ": unreadable recurring-invoice line " + PsaHttp.excerpt(l.toString()), e);
        }
    }

    /** The line a new one copies (price, description...): the latest to start by that day, else the first. */
    private static Row template(List<Row> rows, LocalDate day) {
        return rows.stream().filter(r -> !r.start().isAfter(day)).max(Comparator.comparing(Row::start))
                .orElseGet(() -> rows.stream().min(Comparator.comparing(Row::start)).orElseThrow());
    }

    private static ObjectNode byId(ArrayNode lines, long id) {
        for (JsonNode l : lines) {
            if (l.path("id").asLong() == id) {
                return (ObjectNode) l;
            }
        }
        throw new IllegalStateException("line " + id + " was read a moment ago");
    }

    /** The tenant-local day at midnight, without a zone, so the day never shifts. */
    private static String dateTime(LocalDate date) {
        return date + "T00:00:00";
    }
}
