package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.sim.psa.DatedQuantities.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulated HaloPSA holds: clients, their recurring invoices and each invoice's lines, in the
 * JSON the API speaks. Confirmed: lists as {@code {"record_count":n,"clients"|"invoices":[...]}}, an
 * invoice read by id with its {@code lines}, each line with its {@code id}. Assumed: a line's
 * {@code item_id}, its quantity field (configured), and {@code start_date}/{@code end_date}, the days
 * it is in force. An update's {@code lines} replace the invoice's lines: a line left out is dropped,
 * the hardest case of what is unconfirmed. A line's other fields (price, description) are kept as sent.
 * Not thread-safe: the simulator holds the lock.
 */
final class HaloRecurringInvoices {

    private static final List<String> KNOWN_LINE_FIELDS = List.of("id", "item_id", "start_date", "end_date");

    private final Map<Long, ObjectNode> clients = new TreeMap<>();
    private final Map<Long, ObjectNode> invoices = new TreeMap<>();
    /** Contract = recurring invoice, service = item. */
    private final DatedQuantities lines = new DatedQuantities(9001);
    /** Each line's other fields, as last sent. */
    private final Map<Long, ObjectNode> otherFields = new HashMap<>();
    private String quantityField = "qty_order";

    void quantityField(String name) {
        quantityField = name;
    }

    void addClient(long id, String name) {
        clients.put(id, PsaSimHttp.JSON.createObjectNode().put("id", id).put("name", name).put("inactive", false));
    }

    void addInvoice(long id, long clientId, String reference) {
        if (!clients.containsKey(clientId)) {
            throw new IllegalArgumentException("no client " + clientId + " for recurring invoice " + id);
        }
        invoices.put(id, PsaSimHttp.JSON.createObjectNode().put("id", id).put("client_id", clientId)
                .put("reference", reference).put("inactive", false));
    }

    void addLine(long invoiceId, long itemId, BigDecimal quantity, LocalDate start) {
        if (!invoices.containsKey(invoiceId)) {
            throw new IllegalArgumentException("no recurring invoice " + invoiceId + " for a line of item " + itemId);
        }
        Row row = lines.add(invoiceId, itemId, quantity, start, null);
        otherFields.put(row.id(), PsaSimHttp.JSON.createObjectNode().put("description", "Item " + itemId)
                .put("unit_price", new BigDecimal("12.50")));
    }

    DatedQuantities lines() {
        return lines;
    }

    /** Every line as the API shows it, in id order. */
    List<ObjectNode> lineJson() {
        return lines.all().stream().map(this::json).toList();
    }

    List<ObjectNode> clients() {
        return List.copyOf(clients.values());
    }

    List<ObjectNode> invoices() {
        return List.copyOf(invoices.values());
    }

    /** The invoice with its lines; null when there is none. */
    ObjectNode invoice(long id) {
        ObjectNode header = invoices.get(id);
        if (header == null) {
            return null;
        }
        ObjectNode invoice = header.deepCopy();
        ArrayNode array = invoice.putArray("lines");
        lines.ofContract(id).forEach(row -> array.add(json(row)));
        return invoice;
    }

    /**
     * An update's lines, validated whole (a refused update changes nothing): applying it replaces the
     * invoice's lines.
     */
    Runnable replacingLines(long invoiceId, JsonNode posted) {
        if (!posted.isArray()) {
            throw AutotaskSimError.badRequest("lines must be an array");
        }
        List<Row> kept = lines.ofContract(invoiceId);
        List<Row> rows = new ArrayList<>();
        for (JsonNode line : posted) {
            long id = line.path("id").asLong(0);
            if (id != 0 && kept.stream().noneMatch(r -> r.id() == id)) {
                throw AutotaskSimError.badRequest("line " + id + " is not a line of recurring invoice " + invoiceId);
            }
            LocalDate start = AutotaskQuery.datePart(line.get("start_date"));
            long item = line.path("item_id").asLong(0);
            if (item == 0 || start == null) {
                throw AutotaskSimError.badRequest("a line needs item_id and start_date: " + line);
            }
            rows.add(new Row(id, invoiceId, item, PsaSimHttp.wholeNumber(line, quantityField), start,
                    AutotaskQuery.datePart(line.get("end_date"))));
        }
        return () -> {
            kept.forEach(r -> {
                lines.remove(r.id());
                otherFields.remove(r.id());
            });
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                Row stored = r.id() == 0 ? lines.add(invoiceId, r.serviceId(), r.quantity(), r.start(), r.end()) : r;
                lines.put(stored);
                ObjectNode other = ((ObjectNode) posted.get(i)).deepCopy();
                other.remove(KNOWN_LINE_FIELDS);
                other.remove(quantityField);
                otherFields.put(stored.id(), other);
            }
        };
    }

    private ObjectNode json(Row row) {
        ObjectNode line = PsaSimHttp.JSON.createObjectNode().put("id", row.id()).put("item_id", row.serviceId())
                .put(quantityField, row.quantity()).put("start_date", row.start() + "T00:00:00")
                .put("end_date", row.end() == null ? null : row.end() + "T00:00:00");
        ObjectNode other = otherFields.get(row.id());
        if (other != null) {
            line.setAll(other);
        }
        return line;
    }
}
