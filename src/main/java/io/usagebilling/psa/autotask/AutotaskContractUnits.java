package io.usagebilling.psa.autotask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Autotask quantities: reads the ContractServiceUnits row covering a date, writes signed
 * ContractServiceAdjustments. Thread-safe; the only state is the resolved zone and a counter.
 */
public final class AutotaskContractUnits implements ContractUnits {

    private static final int MAX_RECORDS = 500;

    private final AutotaskClient client;

    public AutotaskContractUnits(URI zoneLookupBase, String apiIntegrationCode, String userName, String secret,
            Duration timeout, PsaHttp http) {
        this(new AutotaskClient(zoneLookupBase, new AutotaskCredentials(apiIntegrationCode, userName, secret), timeout, http));
    }

    AutotaskContractUnits(AutotaskClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The transport, for other Autotask reads (companies, contracts) that share this tenant's counter. */
    public AutotaskClient client() {
        return client;
    }

    /**
     * Units of the unit-period row covering {@code date}. No row is an error, never 0: an
     * adjustment for a line that is not on the contract would silently add the line.
     */
    @Override
    public BigDecimal unitsOn(ContractLine line, LocalDate date) {
        ObjectNode query = client.newObject();
        query.put("MaxRecords", MAX_RECORDS);
        query.putArray("IncludeFields").add("id").add("contractID").add("serviceID")
                .add("startDate").add("endDate").add("units");
        ArrayNode filter = query.putArray("filter");
        condition(filter, "eq", "contractID").put("value", line.contractId());
        condition(filter, "eq", "serviceID").put("value", line.serviceId());
        condition(filter, "lte", "startDate").put("value", dateTime(date));
        condition(filter, "gte", "endDate").put("value", dateTime(date));

        List<JsonNode> rows = client.query("ContractServiceUnits", query, line.toString());
        JsonNode best = null;
        LocalDate bestStart = null;
        // filter again locally: the answer must come from a row that really covers the date
        for (JsonNode row : rows) {
            LocalDate start = datePart(row, "startDate", line);
            LocalDate end = datePart(row, "endDate", line);
            if (!start.isAfter(date) && !end.isBefore(date) && (bestStart == null || start.isAfter(bestStart))) {
                best = row;
                bestStart = start;
            }
        }
        if (best == null) {
            throw new PsaException(Outcome.REJECTED, "no ContractServiceUnits row of contract " + line.contractId()
                    + " service " + line.serviceId() + " covers " + date + ": the service line is not on the contract");
        }
        JsonNode units = best.path("units");
        if (!units.isNumber()) {
            throw new PsaException(Outcome.REJECTED, line + ": ContractServiceUnits row " + best.path("id")
                    + " has no numeric units: " + best);
        }
        return units.decimalValue();
    }

    /** One POST, never retried; see {@link ContractUnits#adjust}. */
    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange) {
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        int change = integralUnits(line, unitChange);
        ObjectNode body = client.newObject();
        body.put("contractID", line.contractId());
        body.put("serviceID", line.serviceId());
        body.put("effectiveDate", dateTime(effectiveDate));
        body.put("unitChange", change);

        String what = line + " adjustment " + (change > 0 ? "+" : "") + change + " effective " + effectiveDate;
        JsonNode created = client.create("ContractServiceAdjustments", body, what);
        if (!created.path("itemId").canConvertToLong()) {
            // 2xx, so probably applied, but we cannot confirm it
            throw new PsaException(Outcome.UNKNOWN, what + ": 2xx without an itemId: " + created);
        }
    }

    @Override
    public PsaHttp http() {
        return client.http();
    }

    /** Autotask's unitChange is an int: reject fractions here rather than let the PSA round. */
    private static int integralUnits(ContractLine line, BigDecimal unitChange) {
        Objects.requireNonNull(unitChange, "unitChange");
        try {
            return unitChange.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(line + ": unitChange " + unitChange.toPlainString()
                    + " is not a whole number of units within int range; Autotask adjusts whole units only", e);
        }
    }

    private static ObjectNode condition(ArrayNode filter, String op, String field) {
        return filter.addObject().put("op", op).put("field", field);
    }

    /** Tenant-local midnight, no zone: a UTC instant could land on the neighbouring day. */
    private static String dateTime(LocalDate date) {
        return date + "T00:00:00";
    }

    private static LocalDate datePart(JsonNode row, String field, ContractLine line) {
        String text = row.path(field).asText("");
        try {
            return LocalDate.parse(text.length() >= 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new PsaException(Outcome.REJECTED, line + ": ContractServiceUnits row " + row.path("id")
                    + " has an unreadable " + field + " '" + text + "'", e);
        }
    }
}
