package io.usagebilling.psa.autotask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import io.usagebilling.psa.UnitSteps;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;

/**
 * Autotask quantities: reads the ContractServiceUnits rows covering dates, writes signed
 * ContractServiceAdjustments, and before a delivery caps the budget at what the tenant has left of
 * its hour. Thread-safe; the only state is the resolved zone, a counter and whether the threshold
 * read is failing.
 */
public final class AutotaskContractUnits implements ContractUnits {

    private static final int MAX_RECORDS = 500;
    /** Contract ids in one {@code in} filter: a body of a few kilobytes, well within what Autotask takes. */
    private static final int CONTRACTS_PER_QUERY = 200;

    private final AutotaskClient client;
    private final AutotaskRequestThreshold threshold;

    public AutotaskContractUnits(URI zoneLookupBase, String apiIntegrationCode, String userName, String secret,
            Duration timeout, PsaHttp http) {
        this(new AutotaskClient(zoneLookupBase, new AutotaskCredentials(apiIntegrationCode, userName, secret), timeout, http));
    }

    AutotaskContractUnits(AutotaskClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.threshold = new AutotaskRequestThreshold(client);
    }

    /** The transport, for other Autotask reads (companies, contracts) that share this tenant's counter. */
    public AutotaskClient client() {
        return client;
    }

    /**
     * The unit-period rows overlapping the range, in one query; the units on a date are those of the
     * row covering it. A date no row covers is an error, never 0: an adjustment for a line that is not
     * on the contract would silently add the line.
     */
    @Override
    public NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, LocalDate from, LocalDate to) {
        ObjectNode query = rowsQuery(from, to);
        ArrayNode filter = (ArrayNode) query.get("filter");
        condition(filter, "eq", "contractID").put("value", line.contractId());
        condition(filter, "eq", "serviceID").put("value", line.serviceId());
        List<UnitRow> rows = client.query("ContractServiceUnits", query, line.toString()).stream()
                .map(row -> unitRow(row, line)).toList();
        return steps(rows, line, from, to);
    }

    /**
     * The rows of up to {@value #CONTRACTS_PER_QUERY} contracts per query ({@code contractID in [...]}),
     * 500 a page: a night's lines in a few requests instead of one each. Rows of services not asked for
     * are passed over; a line with an unreadable row, or a date no row covers, is left out for the caller
     * to read alone.
     */
    @Override
    public Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> unitsBetween(Collection<ContractLine> lines,
            LocalDate from, LocalDate to) {
        Map<ContractLine, List<UnitRow>> rows = new LinkedHashMap<>();
        lines.forEach(line -> rows.put(line, new ArrayList<>()));
        Set<ContractLine> unreadable = new HashSet<>();
        List<Long> contracts = rows.keySet().stream().map(ContractLine::contractId).distinct().sorted().toList();
        for (int i = 0; i < contracts.size(); i += CONTRACTS_PER_QUERY) {
            List<Long> some = contracts.subList(i, Math.min(contracts.size(), i + CONTRACTS_PER_QUERY));
            ObjectNode query = rowsQuery(from, to);
            ArrayNode ids = condition((ArrayNode) query.get("filter"), "in", "contractID").putArray("value");
            some.forEach(ids::add);
            for (JsonNode row : client.query("ContractServiceUnits", query, some.size() + " contracts")) {
                ContractLine line = new ContractLine(row.path("contractID").asLong(), row.path("serviceID").asLong());
                List<UnitRow> ofLine = rows.get(line);
                if (ofLine == null) {
                    continue;
                }
                try {
                    ofLine.add(unitRow(row, line));
                } catch (PsaException e) {
                    unreadable.add(line);
                }
            }
        }
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> units = new LinkedHashMap<>();
        rows.forEach((line, ofLine) -> {
            if (!unreadable.contains(line)) {
                try {
                    units.put(line, steps(ofLine, line, from, to));
                } catch (PsaException notCovered) {
                    // left out: read alone, the line's own query says why
                }
            }
        });
        return units;
    }

    private ObjectNode rowsQuery(LocalDate from, LocalDate to) {
        ObjectNode query = client.newObject();
        query.put("MaxRecords", MAX_RECORDS);
        query.putArray("IncludeFields").add("id").add("contractID").add("serviceID")
                .add("startDate").add("endDate").add("units");
        ArrayNode filter = query.putArray("filter");
        condition(filter, "lte", "startDate").put("value", dateTime(to));
        condition(filter, "gte", "endDate").put("value", dateTime(from));
        return query;
    }

    private static NavigableMap<LocalDate, BigDecimal> steps(List<UnitRow> rows, ContractLine line, LocalDate from,
            LocalDate to) {
        List<LocalDate> boundaries = new ArrayList<>();
        rows.forEach(r -> boundaries.addAll(List.of(r.start(), r.end().plusDays(1))));
        return UnitSteps.of(from, to, boundaries, date -> unitsOn(rows, line, date));
    }

    private record UnitRow(long id, LocalDate start, LocalDate end, BigDecimal units) {}

    /** The units of the latest-starting row that really covers the date (the answer is filtered again here). */
    private static BigDecimal unitsOn(List<UnitRow> rows, ContractLine line, LocalDate date) {
        return rows.stream().filter(r -> !r.start().isAfter(date) && !r.end().isBefore(date))
                .max(Comparator.comparing(UnitRow::start)).map(UnitRow::units)
                .orElseThrow(() -> new PsaException(Outcome.REJECTED, "no ContractServiceUnits row of contract "
                        + line.contractId() + " service " + line.serviceId() + " covers " + date
                        + ": the service line is not on the contract"));
    }

    private static UnitRow unitRow(JsonNode row, ContractLine line) {
        JsonNode units = row.path("units");
        if (!units.isNumber()) {
            throw new PsaException(Outcome.REJECTED, line + ": ContractServiceUnits row " + row.path("id")
                    + " has no numeric units: " + row);
        }
        return new UnitRow(row.path("id").asLong(), datePart(row, "startDate", line), datePart(row, "endDate", line),
                units.decimalValue());
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

    /** Reads ThresholdInformation: other integrations of the tenant may have spent most of its hour. */
    @Override
    public void beforeDelivery() {
        threshold.capBudget();
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
