package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.usagebilling.sim.psa.PsaSimHttp.Reply;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated ConnectWise PSA on 127.0.0.1: agreement additions under
 * {@code /v4_6_release/apis/3.0/finance/agreements/{id}/additions}, Basic auth
 * {@code company+publicKey:privateKey} plus the {@code clientId} header, page/pageSize paging (at most
 * 1000; a short page is the last), POST (product and billCustomer required), PATCH with a JSON
 * Patch array, and one-shot faults for writes.
 */
public final class ConnectWiseSimulator extends WriteFaults {

    private static final String PREFIX = "/v4_6_release/apis/3.0/";
    private static final Pattern ADDITIONS = Pattern.compile("finance/agreements/(\\d+)/additions(?:/(\\d+))?");
    private static final int MAX_PAGE_SIZE = 1000;

    private final String authorization;
    private final String clientId;
    private final SimServer server;
    private final String origin;
    private volatile int servedPageSize = MAX_PAGE_SIZE;
    /** The additions: contract = agreement, service = product, start = effectiveDate, end = cancelledDate. */
    private final DatedQuantities additions = new DatedQuantities(5001);
    private final Map<Long, ObjectNode> agreements = new TreeMap<>();
    private final Map<Long, ObjectNode> companies = new TreeMap<>();

    private ConnectWiseSimulator(String company, String publicKey, String privateKey, String clientId) {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (company + "+" + publicKey + ":" + privateKey).getBytes(StandardCharsets.UTF_8));
        this.clientId = clientId;
        server = new SimServer("ConnectWise", this::reply);
        origin = server.origin();
    }

    public static ConnectWiseSimulator start(String company, String publicKey, String privateKey, String clientId) {
        return new ConnectWiseSimulator(company, publicKey, privateKey, clientId);
    }

    /** The REST base, like https://api-na.myconnectwise.net/v4_6_release/apis/3.0/. */
    public String baseUrl() {
        return origin + PREFIX;
    }

    @Override
    public synchronized void addCompany(long id, String name) {
        companies.put(id, PsaSimHttp.JSON.createObjectNode().put("id", id).put("name", name).put("deletedFlag", false));
    }

    /** An active agreement of a company added before. */
    @Override
    public synchronized void addContract(long id, long companyId, String name) {
        if (!companies.containsKey(companyId)) {
            throw new IllegalArgumentException("no company " + companyId + " for agreement " + id);
        }
        ObjectNode agreement = PsaSimHttp.JSON.createObjectNode().put("id", id).put("name", name)
                .put("agreementStatus", "Active").put("cancelledFlag", false);
        agreement.putObject("company").put("id", companyId).put("name", companies.get(companyId).path("name").asText());
        agreements.put(id, agreement);
    }

    /** An addition of a product to an agreement, with {@code quantity} from {@code effectiveDate}. */
    @Override
    public synchronized void addLine(long agreementId, long productId, BigDecimal quantity, LocalDate effectiveDate) {
        additions.add(agreementId, productId, quantity, effectiveDate, null);
    }

    /** Edits the quantity of the addition in force that day, as its screen does (see {@link DatedQuantities#handEdit}). */
    @Override
    public synchronized void handEdit(long agreementId, long productId, LocalDate day, BigDecimal unitChange) {
        additions.handEdit(agreementId, productId, day, unitChange);
    }

    public synchronized List<DatedQuantities.Row> additions() {
        return additions.all();
    }

    /** The product's quantity in force on the agreement that day. */
    @Override
    public synchronized BigDecimal unitsOn(long agreementId, long productId, LocalDate day) {
        return additions.unitsOn(agreementId, productId, day);
    }

    /** Serves at most this many rows a page, whatever the request asks (a server's own page limit). */
    public void servePagesOfAtMost(int rows) {
        servedPageSize = rows;
    }

    public long requestCount() {
        return server.requestCount();
    }

    @Override
    public void close() {
        server.stop();
    }

    private Reply reply(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !clientId.equals(exchange.getRequestHeaders().getFirst("clientId"))) {
            return error(401, "Authorization or clientId missing or wrong");
        }
        String resource = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
        if (exchange.getRequestMethod().equals("GET") && (resource.equals("company/companies") || resource.equals("finance/agreements"))) {
            try {
                synchronized (this) {
                    return page(exchange, List.copyOf((resource.startsWith("company") ? companies : agreements).values()));
                }
            } catch (AutotaskSimError e) {
                return error(e.status, e.getMessage());
            }
        }
        Matcher m = ADDITIONS.matcher(resource);
        if (!path.startsWith(PREFIX) || !m.matches()) {
            return error(404, "no resource " + path);
        }
        long agreementId = Long.parseLong(m.group(1));
        synchronized (this) {
            if (!agreements.containsKey(agreementId)) {
                return error(404, "agreement " + agreementId + " not found");
            }
        }
        try {
            String method = exchange.getRequestMethod();
            if (m.group(2) == null && method.equals("GET")) {
                return list(exchange, agreementId);
            }
            if (m.group(2) == null && method.equals("POST")) {
                return write(201, () -> create(agreementId, PsaSimHttp.readJson(exchange)));
            }
            if (m.group(2) != null && method.equals("PATCH")) {
                long id = Long.parseLong(m.group(2));
                return write(200, () -> patch(agreementId, id, PsaSimHttp.readJson(exchange)));
            }
            return error(405, method + " not allowed on " + path);
        } catch (AutotaskSimError e) {
            return error(e.status, e.getMessage());
        }
    }

    /** GET with conditions=product/id=N, page (from 1) and pageSize (at most 1000). */
    private Reply list(HttpExchange exchange, long agreementId) {
        String conditions = PsaSimHttp.queryParameter(exchange, "conditions");
        Long product = null;
        if (conditions != null) {
            Matcher c = Pattern.compile("product/id\\s*=\\s*(\\d+)").matcher(conditions.strip());
            if (!c.matches()) {
                throw AutotaskSimError.badRequest("unsupported conditions: " + conditions);
            }
            product = Long.parseLong(c.group(1));
        }
        List<ObjectNode> matching;
        synchronized (this) {
            Long p = product;
            matching = additions.ofContract(agreementId).stream()
                    .filter(a -> p == null || a.serviceId() == p)
                    .map(ConnectWiseSimulator::json).toList();
        }
        return page(exchange, matching);
    }

    /**
     * One page of a list: page (from 1) and pageSize (at most 1000, default 25; served up to the
     * simulator's own page limit), with a Link header naming the next and last pages as ConnectWise does.
     */
    private Reply page(HttpExchange exchange, List<ObjectNode> items) {
        int page = intParameter(exchange, "page", 1);
        int asked = intParameter(exchange, "pageSize", 25);
        if (page < 1 || asked < 1 || asked > MAX_PAGE_SIZE) {
            throw AutotaskSimError.badRequest("page must be >= 1 and pageSize 1-" + MAX_PAGE_SIZE);
        }
        int pageSize = Math.min(asked, servedPageSize);
        ArrayNode body = PsaSimHttp.JSON.createArrayNode();
        int from = (int) Math.min((long) (page - 1) * pageSize, items.size());
        body.addAll(items.subList(from, Math.min(from + pageSize, items.size())));
        int last = Math.max(1, (items.size() + pageSize - 1) / pageSize);
        if (last > 1) {
            String url = origin + exchange.getRequestURI().getPath() + "?" + otherParameters(exchange) + "pageSize=" + pageSize
                    + "&page=";
            exchange.getResponseHeaders().set("Link", (page < last ? "<" + url + (page + 1) + ">; rel=\"next\", " : "")
                    + "<" + url + last + ">; rel=\"last\"");
        }
        return new Reply(200, body, null);
    }

    /** The query's parameters other than paging, each followed by {@code &}. */
    private static String otherParameters(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        StringBuilder kept = new StringBuilder();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String name = pair.split("=", 2)[0];
            if (!name.equalsIgnoreCase("page") && !name.equalsIgnoreCase("pageSize") && !pair.isEmpty()) {
                kept.append(pair).append('&');
            }
        }
        return kept.toString();
    }

    private ObjectNode create(long agreementId, JsonNode body) {
        long product = body.path("product").path("id").asLong(0);
        if (product == 0 || !body.path("billCustomer").isTextual()) {
            throw AutotaskSimError.badRequest("product and billCustomer are required");
        }
        BigDecimal quantity = PsaSimHttp.wholeNumber(body, "quantity");
        LocalDate effective = AutotaskQuery.datePart(body.get("effectiveDate"));
        if (effective == null) {
            throw AutotaskSimError.badRequest("effectiveDate is required");
        }
        LocalDate cancelled = AutotaskQuery.datePart(body.get("cancelledDate"));
        synchronized (this) {
            return json(additions.add(agreementId, product, quantity, effective, cancelled));
        }
    }

    /** JSON Patch: replace of quantity or cancelledDate only. */
    private synchronized ObjectNode patch(long agreementId, long id, JsonNode operations) {
        DatedQuantities.Row a = additions.get(id).filter(x -> x.contractId() == agreementId).orElse(null);
        if (a == null) {
            throw AutotaskSimError.notFound("addition " + id + " not found on agreement " + agreementId);
        }
        if (!operations.isArray() || operations.isEmpty()) {
            throw AutotaskSimError.badRequest("PATCH takes a JSON Patch array");
        }
        for (JsonNode op : operations) {
            if (!"replace".equals(op.path("op").asText())) {
                throw AutotaskSimError.badRequest("only replace is supported: " + op);
            }
            switch (op.path("path").asText().replaceFirst("^/", "")) {
                case "quantity" -> a = a.withQuantity(PsaSimHttp.wholeNumber(op, "value"));
                case "cancelledDate" -> a = a.withEnd(AutotaskQuery.datePart(op.get("value")));
                default -> throw AutotaskSimError.badRequest("cannot patch " + op.path("path"));
            }
        }
        additions.put(a);
        return json(a);
    }

    /** Applies the write unless a 429 is due, answering {@code status} (201 for a created addition); a fault after applying loses the answer. */
    private Reply write(int status, Supplier<ObjectNode> apply) {
        Fault fault;
        synchronized (this) {
            fault = nextFault();
        }
        if (fault == Fault.HTTP_429) {
            return new Reply(429, message("Too many requests"), "1");
        }
        ObjectNode result = apply.get();
        if (fault == Fault.HTTP_500_AFTER_APPLY) {
            return error(500, "simulated failure after applying");
        }
        return fault == Fault.RESET_AFTER_APPLY ? Reply.DROP : new Reply(status, result, null);
    }

    private static ObjectNode json(DatedQuantities.Row a) {
        ObjectNode node = PsaSimHttp.JSON.createObjectNode().put("id", a.id()).put("agreementId", a.contractId())
                .put("quantity", a.quantity()).put("billCustomer", "Billable")
                .put("effectiveDate", a.start() + "T00:00:00Z")
                .put("cancelledDate", a.end() == null ? null : a.end() + "T00:00:00Z");
        node.putObject("product").put("id", a.serviceId());
        return node;
    }

    private static int intParameter(HttpExchange exchange, String name, int fallback) {
        String value = PsaSimHttp.queryParameter(exchange, name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AutotaskSimError.badRequest(name + " must be a number");
        }
    }

    private static Reply error(int status, String text) {
        return new Reply(status, message(text), null);
    }

    /** ConnectWise's error shape. */
    private static ObjectNode message(String text) {
        return PsaSimHttp.JSON.createObjectNode().put("code", "Error").put("message", text);
    }
}
