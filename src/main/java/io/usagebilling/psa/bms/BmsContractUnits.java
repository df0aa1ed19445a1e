package io.usagebilling.psa.bms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.BearerCalls;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PerContract;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * Kaseya BMS quantities (REST v2). Public clients confirm the sign-in (BmsToken), camelCase answers and
 * lists as {@code {"result":[...],"totalRecords":n}} paged by pageNumber/pageSize; the contract-service
 * shapes are assumed, in the same camelCase (docs/delivery.md, "Kaseya BMS"): the quantity rows of a
 * recurring contract's services are read from {@code GET /v2/finance/contracts/{id}/services}, and a
 * change is an absolute {@code PUT .../services/{serviceId}/quantity} effective on a date, so repeating
 * it is harmless; our signed change is turned into that absolute value from the run's read of the line
 * (no read of its own). Whether the first page is 0 or 1 is unsettled (public queries use both): configured.
 */
public final class BmsContractUnits implements ContractUnits {

    /** Where and as whom to sign in, and the number of the first page (0 or 1). */
    public record Settings(URI base, String userName, String password, String tenant, int firstPage) {
        public Settings {
            Objects.requireNonNull(base, "base");
            if (firstPage != 0 && firstPage != 1) {
                throw new IllegalArgumentException("the BMS first page number must be 0 or 1, not " + firstPage);
            }
        }
    }

    static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 100;

    private final URI base;
    private final int firstPage;
    private final BearerCalls calls;

    /** @param settings base e.g. https://api.bms.kaseya.com/ */
    public BmsContractUnits(Settings settings, Duration timeout, PsaHttp http) {
        this.base = PsaHttp.folder(settings.base());
        this.firstPage = settings.firstPage();
        this.calls = new BearerCalls(new BmsToken(this.base, settings, timeout, http), timeout, http);
    }

    /** One read of the contract's service rows (all pages); the units on a date are those of the row covering it, else 0. */
    @Override
    public NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, LocalDate from, LocalDate to) {
        return steps(serviceRows(line, contractServices(line)), from, to);
    }

    /** One read of each contract's services for all its lines asked for. */
    @Override
    public Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> unitsBetween(Collection<ContractLine> lines,
            LocalDate from, LocalDate to) {
        return PerContract.unitsOf(lines, this::contractServices, (line, services) -> steps(serviceRows(line, services), from, to));
    }

    private static NavigableMap<LocalDate, BigDecimal> steps(List<ServiceRow> rows, LocalDate from, LocalDate to) {
        List<LocalDate> boundaries = new ArrayList<>();
        for (ServiceRow r : rows) {
            boundaries.add(r.start());
            if (r.end() != null) {
                boundaries.add(r.end().plusDays(1));
            }
        }
        return UnitSteps.of(from, to, boundaries, date -> rows.stream().filter(r -> r.covers(date)).findFirst()
                .map(ServiceRow::quantity).orElse(BigDecimal.ZERO));
    }

    private record ServiceRow(LocalDate start, LocalDate end, BigDecimal quantity) {
        boolean covers(LocalDate date) {
            return !start.isAfter(date) && (end == null || !end.isBefore(date));
        }
    }

    /** Every service row of the line's contract, all pages. */
    private List<JsonNode> contractServices(ContractLine line) {
        List<JsonNode> rows = new ArrayList<>();
        for (int pages = 1; pages <= MAX_PAGES; pages++) {
            int page = firstPage + pages - 1;
            URI uri = base.resolve("v2/finance/contracts/" + line.contractId() + "/services?pageNumber=" + page
                    + "&pageSize=" + PAGE_SIZE);
            JsonNode body = calls.send(() -> HttpRequest.newBuilder(uri).GET(), true, line + ": services page " + page);
            JsonNode result = body.path("result");
            result.forEach(rows::add);
            if (result.size() < PAGE_SIZE || pages * PAGE_SIZE >= body.path("totalRecords").asInt()) {
                break;
            }
        }
        return rows;
    }

    /** The rows of the line's service among its contract's; none is an error (the service is not on the contract). */
    private static List<ServiceRow> serviceRows(ContractLine line, List<JsonNode> contractServices) {
        List<ServiceRow> rows = new ArrayList<>();
        for (JsonNode row : contractServices) {
            if (row.path("serviceId").asLong() == line.serviceId()) {
                rows.add(serviceRow(row, line));
            }
        }
        if (rows.isEmpty()) {
            throw new PsaException(Outcome.REJECTED, "contract " + line.contractId() + " has no service " + line.serviceId()
                    + ": the service is not on the contract");
        }
        return rows;
    }

    /** Reads the quantity in force first: the PUT takes an absolute quantity, not our signed change. */
    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange) {
        adjust(line, effectiveDate, unitChange, unitsBetween(line, effectiveDate, effectiveDate));
    }

    /**
     * One PUT of the quantity the change was worked out to. It is absolute, so an edit made in BMS since
     * {@code read} is overwritten with the target, never added to, and repeating it is harmless.
     */
    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange, NavigableMap<LocalDate, BigDecimal> read) {
        BigDecimal quantity = read.floorEntry(effectiveDate).getValue().add(unitChange);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("quantity", quantity).put("effectiveDate", effectiveDate + "T00:00:00");
        URI uri = base.resolve("v2/finance/contracts/" + line.contractId() + "/services/" + line.serviceId() + "/quantity");
        calls.send(() -> HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(body.toString())), false,
                line + " quantity " + quantity.toPlainString() + " effective " + effectiveDate);
    }

    @Override
    public PsaHttp http() {
        return calls.http();
    }

    private static ServiceRow serviceRow(JsonNode row, ContractLine line) {
        try {
            String end = row.path("endDate").isNull() ? "" : row.path("endDate").asText("");
            return new ServiceRow(LocalDate.parse(row.path("effectiveDate").asText("").substring(0, 10)),
                    end.isEmpty() ? null : LocalDate.parse(end.substring(0, 10)), row.path("quantity").decimalValue().stripTrailingZeros());
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new PsaException(Outcome.REJECTED, line + ": unreadable service row " + PsaHttp.excerpt(row.toString()), e);
        }
    }
}
