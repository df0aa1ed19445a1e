package io.usagebilling.psa.halopsa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.DatedRows.Row;
import io.usagebilling.psa.DatedRows;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PerContract;
import io.usagebilling.psa.PsaHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * HaloPSA quantities on recurring-invoice lines: a contract line is a recurring invoice
 * ({@code contractId}) and an item ({@code serviceId}). Confirmed by public clients: the invoice is read
 * with {@code GET /api/RecurringInvoice/{id}} (its {@code lines}, each with an {@code id}) and updated
 * with {@code POST /api/RecurringInvoice} of {@code [{"id": invoice, "lines": [...]}]}, every line sent
 * back (one left out may be dropped). Assumed (docs/delivery.md, "HaloPSA"): a line's {@code item_id},
 * its quantity field (configured, {@code qty_order} by default) and {@code start_date}/{@code end_date},
 * the days it is in force; so the item's lines are dated rows ({@link DatedRows}), and a change ends the
 * line in force the day before and adds a copy of it (price, description) from the effective date, in
 * one write. That write carries the whole invoice, so changes of one invoice are made one at a time
 * (under its lock, as are its reads): sent side by side, the later would undo the earlier; and it starts
 * from the invoice as Halo last answered, never from an older copy ({@link InvoiceAnswers}).
 */
public final class HaloContractUnits implements ContractUnits {

    /**
     * Where and as whom to sign in (authUrl null: {base}auth/; tenant empty: none), the quantity field's name,
     * and for how long an invoice as Halo answered us may be written from without reading it again.
     */
    public record Settings(URI base, URI authUrl, String clientId, String clientSecret, String tenant, String quantityField,
            Duration reuseInvoiceFor) {
        public Settings {
            base = PsaHttp.folder(Objects.requireNonNull(base, "base"));
            authUrl = authUrl == null ? base.resolve("auth/") : PsaHttp.folder(authUrl);
            tenant = tenant == null ? "" : tenant;
            if (quantityField == null || quantityField.isBlank()) {
                throw new IllegalArgumentException("the HaloPSA line quantity field must be named");
            }
            if (reuseInvoiceFor.isNegative()) {
                throw new IllegalArgumentException("the time a HaloPSA invoice is reused cannot be negative: " + reuseInvoiceFor);
            }
        }

        @Override
        public String toString() {
            return "Settings[base=" + base + ", authUrl=" + authUrl + ", clientId=" + clientId + ", clientSecret=***, tenant="
                    + tenant + ", quantityField=" + quantityField + ", reuseInvoiceFor=" + reuseInvoiceFor + "]";
        }
    }

    /** Locks by invoice, striped: a bounded number however many invoices. */
    private static final int LOCK_STRIPES = 64;

    private final HaloClient client;
    private final String quantityField;
    private final Object[] invoiceLocks = new Object[LOCK_STRIPES];
    private final InvoiceAnswers answers;

    /** @param settings base: the instance, e.g. https://msp.halopsa.com/ (the API is under api/) */
    public HaloContractUnits(Settings settings, Duration timeout, PsaHttp http) {
        this.client = new HaloClient(settings, timeout, http);
        this.quantityField = settings.quantityField();
        this.answers = new InvoiceAnswers(settings.reuseInvoiceFor());
        for (int i = 0; i < LOCK_STRIPES; i++) {
            invoiceLocks[i] = new Object();
        }
    }

    /** The transport, for the clients and recurring invoices listed for mapping (same budget). */
    public HaloClient client() {
        return client;
    }

    /** One read of the invoice; the units on a date are the sum of the item's lines in force. */
    @Override
    public NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, LocalDate from, LocalDate to) {
        return DatedRows.steps(itemRows(line, lines(line)), from, to);
    }

    /** One read of each recurring invoice for all its lines asked for. */
    @Override
    public Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> unitsBetween(Collection<ContractLine> lines,
            LocalDate from, LocalDate to) {
        return PerContract.unitsOf(lines, this::lines, (line, invoice) -> DatedRows.steps(itemRows(line, invoice), from, to));
    }

    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange) {
        synchronized (lock(line)) {
            write(line, effectiveDate, unitChange, effectiveDate);
        }
    }

    /** The item's units as Halo's answer to the write, the invoice as saved, shows them. */
    @Override
    public Optional<NavigableMap<LocalDate, BigDecimal>> adjustAnswered(ContractLine line, LocalDate effectiveDate,
            BigDecimal unitChange, NavigableMap<LocalDate, BigDecimal> read, LocalDate through) {
        synchronized (lock(line)) {
            return write(line, effectiveDate, unitChange, through);
        }
    }

    private Object lock(ContractLine line) {
        return invoiceLocks[Math.floorMod(Long.hashCode(line.contractId()), LOCK_STRIPES)];
    }

    /**
     * Sends the invoice back whole with the change: the invoice as Halo last answered us when that is recent
     * enough ({@link InvoiceAnswers}), else read first. Halo's answer, the invoice as saved, serves the next.
     */
    private Optional<NavigableMap<LocalDate, BigDecimal>> write(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange,
            LocalDate through) {
        String what = line + " change " + unitChange.toPlainString() + " effective " + effectiveDate;
        ArrayNode lines = answers.take(line.contractId()).orElseGet(() -> read(line));
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
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        body.addObject().put("id", line.contractId()).set("lines", lines);
        long asked = System.nanoTime();
        return answered(line, client.post("RecurringInvoice", body, what), change, through, asked);
    }

    /**
     * The item's units from the change's date through {@code through} as Halo's answer shows them, when it has
     * the invoice's lines. The answer serves the next write only when it shows the change just made: one that
     * does not is not the invoice as saved, and the next write reads it.
     */
    private Optional<NavigableMap<LocalDate, BigDecimal>> answered(ContractLine line, JsonNode answer, DatedRows.Change change,
            LocalDate through, long asked) {
        JsonNode saved = answer.isArray() ? answer.path(0) : answer;
        if (saved.path("id").asLong() != line.contractId() || !saved.path("lines").isArray()) {
            return Optional.empty();
        }
        ArrayNode lines = (ArrayNode) saved.path("lines");
        NavigableMap<LocalDate, BigDecimal> units;
        try {
            units = DatedRows.steps(itemRows(line, lines), change.start(), through);
        } catch (PsaException unreadable) {
            return Optional.empty(); // the read-back reads the invoice and says what is wrong with it
        }
        if (units.firstEntry().getValue().compareTo(change.quantity()) == 0) {
            answers.answered(line.contractId(), lines, asked);
        }
        return Optional.of(units);
    }

    @Override
    public PsaHttp http() {
        return client.http();
    }

    /** Every line of the line's recurring invoice, as read, kept for a write that follows (under the invoice's lock). */
    private ArrayNode lines(ContractLine line) {
        synchronized (lock(line)) {
            long asked = System.nanoTime();
            ArrayNode lines = read(line);
            answers.answered(line.contractId(), lines, asked);
            return lines;
        }
    }

    private ArrayNode read(ContractLine line) {
        JsonNode lines = client.get("RecurringInvoice/" + line.contractId(), line + ": recurring invoice").path("lines");
        return lines.isArray() ? (ArrayNode) lines : JsonNodeFactory.instance.arrayNode();
    }

    /** The item's lines as dated rows; none is an error (the item is not on the invoice). */
    private List<Row> itemRows(ContractLine line, ArrayNode lines) {
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
