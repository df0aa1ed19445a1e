package io.usagebilling.psa.connectwise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import io.usagebilling.psa.UnitSteps;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * ConnectWise PSA quantities: a contract line is an agreement ({@code contractId}) and a product
 * ({@code serviceId}); its units on a date are the quantities of the product's additions in force
 * that day (effectiveDate &lt;= day &lt;= cancelledDate). A change keeps the billing trail: the addition
 * in force is cancelled the day before and a new one starts on the effective date with the new
 * quantity, until the day before a later addition starts, if any (an addition that already starts that
 * day is PATCHed in place, with JSON Patch). So a change holds until the line's next change, and the
 * delivery's read of that next date (domain.Timeline) finds it as it was.
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

    private record Addition(long id, BigDecimal quantity, LocalDate effective, LocalDate cancelled) {
        boolean inForceOn(LocalDate day) {
            return !effective.isAfter(day) && (cancelled == null || !cancelled.isBefore(day));
        }
    }

    /** One read of the product's additions; the units on a date are the sum of those in force. */
    @Override
    public NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, LocalDate from, LocalDate to) {
        List<Addition> additions = additions(line);
        if (additions.isEmpty()) {
            throw new PsaException(Outcome.REJECTED, "agreement " + line.contractId() + " has no addition of product "
                    + line.serviceId() + ": the product is not on the agreement");
        }
        List<LocalDate> boundaries = new ArrayList<>();
        for (Addition a : additions) {
            boundaries.add(a.effective());
            if (a.cancelled() != null) {
                boundaries.add(a.cancelled().plusDays(1));
            }
        }
        return UnitSteps.of(from, to, boundaries, date -> additions.stream().filter(a -> a.inForceOn(date))
                .map(Addition::quantity).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros());
    }

    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange) {
        List<Addition> additions = additions(line);
        List<Addition> inForce = additions.stream().filter(a -> a.inForceOn(effectiveDate)).toList();
        if (inForce.size() > 1) {
            throw new PsaException(Outcome.REJECTED, line + ": " + inForce.size() + " additions of the product are in force on "
                    + effectiveDate + "; one is expected");
        }
        String what = line + " change " + unitChange.toPlainString() + " effective " + effectiveDate;
        Addition current = inForce.isEmpty() ? null : inForce.get(0);
        BigDecimal quantity = (current == null ? BigDecimal.ZERO : current.quantity()).add(unitChange);
        if (current != null && current.effective().equals(effectiveDate)) {
            patch(line, current.id(), "quantity", json.numberNode(quantity), what);
            return;
        }
        if (current != null) {
            // cancel first: a crash in between leaves a gap (read as 0, resent in full), never two in force
            patch(line, current.id(), "cancelledDate", json.textNode(dateTime(effectiveDate.minusDays(1))), what);
        }
        ObjectNode body = json.objectNode();
        body.putObject("product").put("id", line.serviceId());
        body.put("quantity", quantity);
        body.put("billCustomer", "Billable");
        body.put("effectiveDate", dateTime(effectiveDate));
        // a back-dated change runs until the next addition starts: never two additions in force
        additions.stream().map(Addition::effective).filter(start -> start.isAfter(effectiveDate)).min(LocalDate::compareTo)
                .ifPresent(next -> body.put("cancelledDate", dateTime(next.minusDays(1))));
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
    private List<Addition> additions(ContractLine line) {
        return client.all("finance/agreements/" + line.contractId() + "/additions", "conditions=product/id%3D" + line.serviceId(),
                line + ": additions").stream().map(item -> addition(line, item)).toList();
    }

    private Addition addition(ContractLine line, JsonNode item) {
        try {
            String cancelled = item.path("cancelledDate").asText("");
            return new Addition(item.path("id").asLong(), item.path("quantity").decimalValue(),
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
