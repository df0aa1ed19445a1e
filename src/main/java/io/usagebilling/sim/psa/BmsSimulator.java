package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.usagebilling.sim.psa.PsaSimHttp.Reply;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated Kaseya BMS (REST v2) on 127.0.0.1. Confirmed shapes (docs/delivery.md, "Kaseya BMS"):
 * authentication with a form body ({@code grantType=password}, userName, password, tenant) answered in
 * camelCase ({@code result.accessToken}), lists as {@code {"result":[...],"totalRecords":n}}, 1,500
 * calls per hour per endpoint (then 429). Assumed where no public source settles it: the paged
 * contract-service quantity rows, an absolute quantity PUT that splits the row at its effective date,
 * and the first page's number (0 unless {@link #firstPage} says 1); one-shot faults for writes.
 */
public final class BmsSimulator extends WriteFaults {

    /** One quantity row of a contract's service: from {@code start} through {@code end} (null: open). */
    public record QuantityRow(long contractId, long serviceId, LocalDate start, LocalDate end, BigDecimal quantity) {
        boolean covers(LocalDate day) {
            return !start.isAfter(day) && (end == null || !end.isBefore(day));
        }
    }

    /** Kaseya BMS's published limit (help "BMS API v2"), kept per endpoint as BMS counts it. */
    public static final long CALLS_PER_HOUR_PER_ENDPOINT = 1_500;
    private static final Pattern SERVICES = Pattern.compile("/v2/finance/contracts/(\\d+)/services(?:/(\\d+)/quantity)?");

    private final String userName;
    private final String password;
    private final String tenant;
    private final SimServer server;
    private final String origin;
    private final List<QuantityRow> rows = new ArrayList<>();
    private final Map<String, AtomicLong> callsPerEndpoint = new ConcurrentHashMap<>();
    private final AtomicLong authentications = new AtomicLong();
    private volatile String accessToken;
    private volatile int firstPage;

    private BmsSimulator(String userName, String password, String tenant) {
        this.userName = userName;
        this.password = password;
        this.tenant = tenant;
        server = new SimServer("BMS", this::reply);
        origin = server.origin() + "/";
    }

    public static BmsSimulator start(String userName, String password, String tenant) {
        return new BmsSimulator(userName, password, tenant);
    }

    /** Like https://api.bms.kaseya.com/. */
    public String baseUrl() {
        return origin;
    }

    /** The simulated BMS lists no companies for mapping. */
    @Override
    public void addCompany(long id, String name) {
        // nothing to hold: contracts exist through their service rows
    }

    @Override
    public void addContract(long id, long companyId, String name) {
        // nothing to hold: contracts exist through their service rows
    }

    /** A recurring service on a contract, with {@code quantity} from {@code start}. */
    @Override
    public synchronized void addLine(long contractId, long serviceId, BigDecimal quantity, LocalDate start) {
        rows.add(new QuantityRow(contractId, serviceId, start, null, quantity));
    }

    public synchronized List<QuantityRow> rows() {
        return List.copyOf(rows);
    }

    @Override
    public synchronized BigDecimal unitsOn(long contractId, long serviceId, LocalDate day) {
        return rows.stream().filter(r -> r.contractId() == contractId && r.serviceId() == serviceId && r.covers(day))
                .map(QuantityRow::quantity).findFirst().orElse(BigDecimal.ZERO);
    }

    public long requestCount() {
        return server.requestCount();
    }

    /** Successful authenticate calls (a refresh is not one). */
    public long authenticationCount() {
        return authentications.get();
    }

    /** Which number the first page has: 0 (the default) or 1; the public queries disagree. */
    public void firstPage(int number) {
        firstPage = number;
    }

    /** The access token in use stops working (as when it expires). */
    public void expireAccessToken() {
        accessToken = UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        server.stop();
    }

    private Reply reply(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        Matcher m = SERVICES.matcher(path);
        String endpoint = m.matches() ? (m.group(2) == null ? "services" : "quantity") : path;
        if (callsPerEndpoint.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet() > CALLS_PER_HOUR_PER_ENDPOINT) {
            return new Reply(429, result("calls per hour exceeded"), "3600");
        }
        try {
            if (path.equals("/v2/security/authenticate") && exchange.getRequestMethod().equals("POST")) {
                return authenticate(PsaSimHttp.readForm(exchange));
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (accessToken == null || !("Bearer " + accessToken).equals(auth)) {
                return new Reply(401, result("invalid or expired token"), null);
            }
            if (!m.matches()) {
                throw AutotaskSimError.notFound("no resource " + path);
            }
            long contractId = Long.parseLong(m.group(1));
            if (m.group(2) == null && exchange.getRequestMethod().equals("GET")) {
                return services(exchange, contractId);
            }
            if (m.group(2) != null && exchange.getRequestMethod().equals("PUT")) {
                return setQuantity(contractId, Long.parseLong(m.group(2)), PsaSimHttp.readJson(exchange));
            }
            throw new AutotaskSimError(405, exchange.getRequestMethod() + " not allowed on " + path);
        } catch (AutotaskSimError e) {
            return new Reply(e.status, result(e.getMessage()), null);
        }
    }

    private Reply authenticate(Map<String, String> form) {
        if (!"password".equals(form.get("grantType"))) {
            throw AutotaskSimError.badRequest("grantType must be password");
        }
        if (!userName.equals(form.get("userName")) || !password.equals(form.get("password"))
                || !tenant.equalsIgnoreCase(form.getOrDefault("tenant", ""))) {
            return new Reply(401, result("invalid credentials"), null);
        }
        authentications.incrementAndGet();
        accessToken = UUID.randomUUID().toString();
        ObjectNode body = PsaSimHttp.JSON.createObjectNode();
        body.putObject("result").put("accessToken", accessToken).put("refreshToken", UUID.randomUUID().toString())
                .put("expiresIn", 3600);
        return new Reply(200, body, null);
    }

    private synchronized Reply services(HttpExchange exchange, long contractId) {
        int page = parse(PsaSimHttp.queryParameter(exchange, "pageNumber"), firstPage);
        int size = parse(PsaSimHttp.queryParameter(exchange, "pageSize"), 25);
        if (page < firstPage || size < 1 || size > 100) {
            throw AutotaskSimError.badRequest("pageNumber must be >= " + firstPage + " and pageSize 1-100");
        }
        List<QuantityRow> matching = rows.stream().filter(r -> r.contractId() == contractId).toList();
        ObjectNode body = PsaSimHttp.JSON.createObjectNode().put("totalRecords", matching.size());
        ArrayNode result = body.putArray("result");
        int from = (int) Math.min((long) (page - firstPage) * size, matching.size());
        for (QuantityRow r : matching.subList(from, Math.min(from + size, matching.size()))) {
            result.addObject().put("serviceId", r.serviceId()).put("quantity", r.quantity())
                    .put("effectiveDate", r.start() + "T00:00:00").put("endDate", r.end() == null ? null : r.end() + "T00:00:00");
        }
        return new Reply(200, body, null);
    }

    /** Sets the quantity from that day, as the PUT does: an edit of the service on the contract's screen. */
    @Override
    public synchronized void handEdit(long contractId, long serviceId, LocalDate day, BigDecimal unitChange) {
        apply(contractId, serviceId, day, unitsOn(contractId, serviceId, day).add(unitChange));
    }

    private synchronized void apply(long contractId, long serviceId, LocalDate effective, BigDecimal quantity) {
        QuantityRow covering = rows.stream()
                .filter(r -> r.contractId() == contractId && r.serviceId() == serviceId && r.covers(effective))
                .findFirst().orElseThrow(() -> AutotaskSimError.badRequest(
                        "contract " + contractId + " has no service " + serviceId + " on " + effective));
        rows.remove(covering);
        if (covering.start().isBefore(effective)) {
            rows.add(new QuantityRow(contractId, serviceId, covering.start(), effective.minusDays(1), covering.quantity()));
        }
        rows.add(new QuantityRow(contractId, serviceId, effective, covering.end(), quantity));
    }

    /** Absolute quantity from the effective date: the row covering it is split there (or changed, when it starts there). */
    private Reply setQuantity(long contractId, long serviceId, JsonNode body) {
        BigDecimal quantity = PsaSimHttp.wholeNumber(body, "quantity");
        LocalDate effective = AutotaskQuery.datePart(body.get("effectiveDate"));
        if (effective == null) {
            throw AutotaskSimError.badRequest("effectiveDate is required");
        }
        Fault fault;
        synchronized (this) {
            fault = nextFault();
            if (fault == Fault.HTTP_429) {
                return new Reply(429, result("too many requests"), "1");
            }
            apply(contractId, serviceId, effective, quantity);
        }
        if (fault == Fault.HTTP_500_AFTER_APPLY) {
            return new Reply(500, result("simulated failure after applying"), null);
        }
        return fault == Fault.RESET_AFTER_APPLY ? Reply.DROP : new Reply(200, result("ok"), null);
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AutotaskSimError.badRequest("not a number: " + value);
        }
    }

    private static ObjectNode result(String message) {
        return PsaSimHttp.JSON.createObjectNode().put("message", message);
    }
}
