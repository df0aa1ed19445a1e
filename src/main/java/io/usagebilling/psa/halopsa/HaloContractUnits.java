package io.usagebilling.psa.halopsa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.DatedRows;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PerContract;
import io.usagebilling.psa.PsaHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * HaloPSA quantities on recurring-invoice lines: a contract line is a recurring invoice
 * ({@code contractId}) and an item ({@code serviceId}). Confirmed by public clients: the invoice is read
 * with {@code GET /api/RecurringInvoice/{id}} (its {@code lines}, each with an {@code id}) and updated
 * with {@code POST /api/RecurringInvoice} of {@code [{"id": invoice, "lines": [...]}]}, every line sent
 * back (one left out may be dropped). An item's lines are dated rows ({@link InvoiceLines}), and a change
 * ends the line in force the day before and adds a copy of it (price, description) from the effective date. The
 * write carries the whole invoice, so the changes of an invoice's lines go together in one write, and
 * writes of one invoice are made one at a time (under its lock, as are its reads): sent side by side, the
 * later would undo the earlier; each starts from the invoice as Halo last answered, never from an older
 * copy ({@link InvoiceAnswers}).
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
    private final InvoiceLines invoiceLines;
    private final Object[] invoiceLocks = new Object[LOCK_STRIPES];
    private final InvoiceAnswers answers;

    /** @param settings base: the instance, e.g. https://msp.halopsa.com/ (the API is under api/) */
    public HaloContractUnits(Settings settings, Duration timeout, PsaHttp http) {
        this.client = new HaloClient(settings, timeout, http);
        this.invoiceLines = new InvoiceLines(settings.quantityField());
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
        return DatedRows.steps(invoiceLines.itemRows(line, lines(line)), from, to);
    }

    /** One read of each recurring invoice for all its lines asked for. */
    @Override
    public Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> unitsBetween(Collection<ContractLine> lines,
            LocalDate from, LocalDate to) {
        return PerContract.unitsOf(lines, this::lines,
                (line, invoice) -> DatedRows.steps(invoiceLines.itemRows(line, invoice), from, to));
    }

    /** A change of one line: a write of its invoice. */
    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange) {
        Adjusted done = adjust(List.of(new Adjustment(line, effectiveDate, unitChange, null, effectiveDate))).get(0);
        if (done.failure() != null) {
            throw done.failure();
        }
    }

    /** The write carries the whole invoice, so an invoice's changes go together, in one write. */
    @Override
    public boolean writesContractsWhole() {
        return true;
    }

    /** One write per invoice, with every change of its lines; what each shows in Halo's answer, the invoice as saved. */
    @Override
    public List<Adjusted> adjust(List<Adjustment> adjustments) {
        Map<Long, List<Integer>> byInvoice = new LinkedHashMap<>();
        for (int i = 0; i < adjustments.size(); i++) {
            byInvoice.computeIfAbsent(adjustments.get(i).line().contractId(), c -> new ArrayList<>()).add(i);
        }
        Adjusted[] done = new Adjusted[adjustments.size()];
        byInvoice.forEach((invoice, indexes) -> {
            synchronized (lock(invoice)) {
                write(invoice, indexes, adjustments, done);
            }
        });
        return List.of(done);
    }

    private Object lock(ContractLine line) {
        return lock(line.contractId());
    }

    private Object lock(long invoice) {
        return invoiceLocks[Math.floorMod(Long.hashCode(invoice), LOCK_STRIPES)];
    }

    /** A change worked out on the invoice's lines, and where in the caller's list it stands. */
    private record Made(int index, Adjustment adjustment, DatedRows.Change change) {}

    /**
     * Sends the invoice back whole with the changes: the invoice as Halo last answered us when that is recent
     * enough ({@link InvoiceAnswers}), else read first. A change the invoice refuses (its item not on it) fails
     * alone; the others are written. Halo's answer, the invoice as saved, serves the next write.
     */
    private void write(long invoice, List<Integer> indexes, List<Adjustment> adjustments, Adjusted[] done) {
        ArrayNode lines;
        try {
            lines = answers.take(invoice).orElseGet(() -> read(adjustments.get(indexes.get(0)).line()));
        } catch (PsaException e) {
            PsaException notSent = e.outcome() == Outcome.UNKNOWN ? new PsaException(Outcome.DEFERRED, "not sent: " + e.getMessage(), e) : e;
            indexes.forEach(i -> done[i] = Adjusted.failed(notSent));
            return;
        }
        List<Made> made = new ArrayList<>();
        for (int i : indexes) {
            Adjustment a = adjustments.get(i);
            try {
                made.add(new Made(i, a, invoiceLines.change(lines, a.line(), a.effectiveDate(), a.unitChange(), what(a))));
            } catch (PsaException refused) {
                done[i] = Adjusted.failed(refused);
            }
        }
        if (made.isEmpty()) {
            return;
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        body.addObject().put("id", invoice).set("lines", lines);
        String what = made.stream().map(m -> what(m.adjustment())).collect(Collectors.joining("; "));
        long asked = System.nanoTime();
        JsonNode answer;
        try {
            answer = client.post("RecurringInvoice", body, what);
        } catch (PsaException e) {
            made.forEach(m -> done[m.index()] = Adjusted.failed(e));
            return;
        }
        answered(invoice, answer, made, asked, done);
    }

    private static String what(Adjustment a) {
        return a.line() + " change " + a.unitChange().toPlainString() + " effective " + a.effectiveDate();
    }

    /**
     * Each change's units from its date through its {@code through} as Halo's answer shows them, when it has the
     * invoice's lines. The answer serves the next write only when it shows every change just made: one that
     * does not is not the invoice as saved, and the next write reads it.
     */
    private void answered(long invoice, JsonNode answer, List<Made> made, long asked, Adjusted[] done) {
        JsonNode saved = answer.isArray() ? answer.path(0) : answer;
        boolean invoiceAsSaved = saved.path("id").asLong() == invoice && saved.path("lines").isArray();
        boolean allShown = invoiceAsSaved;
        for (Made m : made) {
            Optional<NavigableMap<LocalDate, BigDecimal>> units = invoiceAsSaved
                    ? shown(m, (ArrayNode) saved.path("lines")) : Optional.empty();
            allShown &= units.filter(u -> u.firstEntry().getValue().compareTo(m.change().quantity()) == 0).isPresent();
            done[m.index()] = Adjusted.answered(units);
        }
        if (allShown) {
            answers.answered(invoice, (ArrayNode) saved.path("lines"), asked);
        }
    }

    private Optional<NavigableMap<LocalDate, BigDecimal>> shown(Made m, ArrayNode lines) {
        try {
            return Optional.of(DatedRows.steps(invoiceLines.itemRows(m.adjustment().line(), lines), m.change().start(),
                    m.adjustment().through()));
        } catch (PsaException unreadable) {
            return Optional.empty(); // the read-back reads the invoice and says what is wrong with it
        }
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
}
