package io.usagebilling.psa.connectwise;

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
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * ConnectWise PSA quantities: a contract line is an agreement ({@code contractId}) and a product
 * ({@code serviceId}); its units on a date are the quantities of the product's additions in force
 * that day (effectiveDate &lt;= day &lt;= cancelledDate), dated rows ({@link DatedRows}). A change
 * cancels the addition in force the day before and POSTs a new one from the effective date (an
 * addition that already starts that day is PATCHed in place, with JSON Patch).
 */
public final class ConnectWiseContractUnits implements ContractUnits {

    private final ConnectWiseClient client;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    /**
     * @param base e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0/
     * @param company the company id that prefixes the public key in Basic auth
     */
    public ConnectWiseContractUnits(URI base, String company, String publicKey, String privateKey, String clientId,
            Duration timeout, PsaHttp http) {
        this.client = new ConnectWiseClient(base, company, publicKey, privateKey, clientId, timeout, http);
    }

    /** The transport, for other ConnectWise reads (companies, agreements) that share this tenant's budget. */
    public ConnectWiseClient client() {
        return client;
    }

    /** One read of the product's additions; the units on a date are the sum of those in force. */
    @Override
    public NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, LocalDate from, LocalDate to) {
        return unitsBetween(line, additions(line), from, to);
    }

    private static NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, List<Row> additions, LocalDate from,
            LocalDate to) {
        if (additions.isEmpty()) {
            throw new PsaException(Outcome.REJECTED, "agreement " + line.contractId() + " has no addition of product "
                    + line.serviceId() + ": the product is not on the agreement");
        }
        return DatedRows.steps(additions, from, to);
    }

    /** One read of each agreement's additions (every product) for all its lines asked for. */
    @Override
    public Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> unitsBetween(Collection<ContractLine> lines,
            LocalDate from, LocalDate to) {
        return PerContract.unitsOf(lines,
                line -> client.all("finance/agreements/" + line.contractId() + "/additions", "", "agreement "
                        + line.contractId() + ": additions"),
                (line, all) -> unitsBetween(line, all.stream()
                        .filter(item -> item.path("product").path("id").asLong() == line.serviceId())
                        .map(item -> addition(line, item)).toList(), from, to));
    }

    /** Reads the product's additions first: the writes name the addition in force. */
    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange) {
        adjust(line, effectiveDate, unitChange, unitsBetween(line, effectiveDate, effectiveDate));
    }

    /**
     * The writes alone (a PATCH in place, or a PATCH ending the addition in force and a POST), the additions
     * taken from {@code read} when it was read by this adapter. Each write names one addition and sets what
     * it holds, so an addition edited in ConnectWise since the read ends up at the target all the same.
     */
    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange, NavigableMap<LocalDate, BigDecimal> read) {
        String what = line + " change " + unitChange.toPlainString() + " effective " + effectiveDate;
        List<Row> additions = read instanceof DatedRows.Read asRead ? asRead.rows() : additions(line);
        DatedRows.Change change = DatedRows.change(additions, effectiveDate, unitChange, what);
        if (change.inPlace()) {
            patch(line, change.current().id(), "quantity", json.numberNode(change.quantity()), what);
            return;
        }
        if (change.endsCurrent()) {
            // cancel first: a crash in between leaves a gap (read as 0, resent in full), never two in force
            patch(line, change.current().id(), "cancelledDate", json.textNode(dateTime(effectiveDate.minusDays(1))), what);
        }
        ObjectNode body = json.objectNode();
        body.putObject("product").put("id", line.serviceId());
        body.put("quantity", change.quantity());
        body.put("billCustomer", "Billable");
        body.put("effectiveDate", dateTime(effectiveDate));
        if (change.until() != null) {
            body.put("cancelledDate", dateTime(change.until()));
        }
        client.send(client.request(additionsUri(line, "")).POST(HttpRequest.BodyPublishers.ofString(body.toString())), false, what);
    }
    @Override
    public PsaHttp http() {
        return client.http();
    }

    private void patch(ContractLine line, long additionId, String path, JsonNode value, String what) {
        ArrayNode patch = json.arrayNode();
        patch.addObject().put("op", "replace").put("path", path).set("value", value);
        client.send(client.request(additionsUri(line, "/" + additionId))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch.toString())), false, what + ": PATCH " + path);
    }

    /** Every addition of the line's product on the agreement, all pages. */
    private List<Row> additions(ContractLine line) {
        return client.all("finance/agreements/" + line.contractId() + "/additions", "conditions=product/id%3D" + line.serviceId(),
                line + ": additions").stream().map(item -> addition(line, item)).toList();
    }

    private Row addition(ContractLine line, JsonNode item) {
        try {
            String cancelled = item.path("cancelledDate").asText("");
            return new Row(item.path("id").asLong(), item.path("quantity").decimalValue(),
                    LocalDate.parse(item.path("effectiveDate").asText("").substring(0, 10)),
                    cancelled.isEmpty() || item.path("cancelledDate").isNull() ? null : LocalDate.parse(cancelled.substring(0, 10)));
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new PsaException(Outcome.REJECTED, line + ": unreadable addition " + PsaHttp.excerpt(item.toString()), e);
        }
    }

    private URI additionsUri(ContractLine line, String rest) {
        return client.uri("finance/agreements/" + line.contractId() + "/additions" + rest);
    }

    /** ConnectWise dates are date-times in UTC; the tenant-local day at midnight, so the day never shifts. */
    private static String dateTime(LocalDate date) {
        return date + "T00:00:00Z";
    }
}
