package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.usagebilling.sim.psa.PsaSimHttp.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated HaloPSA on 127.0.0.1. Confirmed (docs/delivery.md, "HaloPSA"): the client-credentials
 * token ({@code POST /auth/token[?tenant=]} with a form body, answered {@code access_token},
 * {@code expires_in}), lists paged by {@code pageinate}, {@code page_size}, {@code page_no} (from 1)
 * answered with {@code record_count}, clients under {@code clients} and recurring invoices under
 * {@code invoices}, an invoice read by id with its {@code lines}, and writes as {@code POST} of a JSON
 * array whose items with an {@code id} are updates. Assumed: the lines' fields (HaloRecurringInvoices).
 * Paths are case-blind, as Halo's are. A token past its {@code expires_in} is refused with 401. A write is
 * answered with the invoice as saved, unless {@link #answerWrites} says otherwise.
 */
public final class HaloSimulator extends WriteFaults {

    /** How a write (that is not a fault) is answered. */
    public enum WriteAnswer {
        /** The invoice as saved, with its lines. */
        SAVED,
        /** Saved, but answered with the invoice as it was before the write. */
        AS_BEFORE,
        /** Not saved (as if Halo kept the lines it had), answered 200 with the invoice as it is. */
        UNSAVED,
        /** Saved, answered with the invoice's header only, no lines. */
        WITHOUT_LINES
    }

    private static final Pattern INVOICE = Pattern.compile("/api/recurringinvoice(?:/(\\d+))?");

    private final String clientId;
    private final String clientSecret;
    private final String tenant;
    private final SimServer server;
    private final HaloRecurringInvoices data = new HaloRecurringInvoices();
    private final AtomicLong signIns = new AtomicLong();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile String accessToken;
    private volatile Instant tokenExpires = Instant.MIN;
    private volatile WriteAnswer writeAnswer = WriteAnswer.SAVED;

    private HaloSimulator(String clientId, String clientSecret, String tenant) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tenant = tenant;
        server = new SimServer("HaloPSA", this::reply);
    }

    /** @param tenant the tenant a hosted instance asks for ({@code ?tenant=}); empty: none asked */
    public static HaloSimulator start(String clientId, String clientSecret, String tenant) {
        return new HaloSimulator(clientId, clientSecret, tenant);
    }

    /** The instance's address, like https://msp.halopsa.com/: the API under api/, the token under auth/. */
    public String baseUrl() {
        return server.origin() + "/";
    }

    /** A client (company). */
    @Override
    public synchronized void addCompany(long id, String name) {
        data.addClient(id, name);
    }

    /** A recurring invoice of a client added before. */
    @Override
    public synchronized void addContract(long id, long companyId, String name) {
        data.addInvoice(id, companyId, name);
    }

    /** A line of an item on a recurring invoice added before, with {@code quantity} from {@code start}. */
    @Override
    public synchronized void addLine(long invoiceId, long itemId, BigDecimal quantity, LocalDate start) {
        data.addLine(invoiceId, itemId, quantity, start);
    }

    @Override
    public synchronized BigDecimal unitsOn(long invoiceId, long itemId, LocalDate day) {
        return data.lines().unitsOn(invoiceId, itemId, day);
    }

    /** Edits the line in force that day, as the invoice's screen does (see {@link DatedQuantities#handEdit}). */
    @Override
    public synchronized void handEdit(long invoiceId, long itemId, LocalDate day, BigDecimal unitChange) {
        data.lines().handEdit(invoiceId, itemId, day, unitChange);
    }

    /** Every recurring-invoice line as the API shows it. */
    public synchronized List<ObjectNode> lines() {
        return data.lineJson();
    }

    /** The field that holds a line's quantity (unconfirmed; qty_order unless set). */
    public synchronized void quantityField(String name) {
        data.quantityField(name);
    }

    /** How the writes from now on are answered. */
    public void answerWrites(WriteAnswer answer) {
        writeAnswer = answer;
    }

    /** The {@code expires_in} of the tokens handed out from now on. */
    public void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** The token in use stops working (as when it is revoked). */
    public void expireAccessToken() {
        accessToken = UUID.randomUUID().toString();
    }

    public long signInCount() {
        return signIns.get();
    }

    public long requestCount() {
        return server.requestCount();
    }

    @Override
    public void close() {
        server.stop();
    }

    private Reply reply(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath().toLowerCase(Locale.ROOT);
        String method = exchange.getRequestMethod();
        try {
            if (path.equals("/auth/token") && method.equals("POST")) {
                return token(exchange);
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (accessToken == null || !("Bearer " + accessToken).equals(auth) || Instant.now().isAfter(tokenExpires)) {
                return new Reply(401, message("Unauthorized"), null);
            }
            if (path.equals("/api/client") && method.equals("GET")) {
                return page(exchange, "clients", clients());
            }
            Matcher m = INVOICE.matcher(path);
            if (!m.matches()) {
                throw AutotaskSimError.notFound("no resource " + path);
            }
            if (m.group(1) != null && method.equals("GET")) {
                return invoice(Long.parseLong(m.group(1)));
            }
            if (m.group(1) == null && method.equals("GET")) {
                return page(exchange, "invoices", invoices());
            }
            if (m.group(1) == null && method.equals("POST")) {
                return update(PsaSimHttp.readJson(exchange));
            }
            throw new AutotaskSimError(405, method + " not allowed on " + path);
        } catch (AutotaskSimError e) {
            return new Reply(e.status, message(e.getMessage()), null);
        }
    }

    /** The client-credentials grant: a form, the tenant (when the instance has one) in the query. */
    private Reply token(HttpExchange exchange) {
        Map<String, String> form = PsaSimHttp.readForm(exchange);
        if (!"client_credentials".equals(form.get("grant_type")) || !"all".equals(form.get("scope"))) {
            return new Reply(400, PsaSimHttp.JSON.createObjectNode().put("error", "unsupported_grant_type"), null);
        }
        String askedTenant = PsaSimHttp.queryParameter(exchange, "tenant");
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))
                || !tenant.equalsIgnoreCase(askedTenant == null ? "" : askedTenant)) {
            return new Reply(401, PsaSimHttp.JSON.createObjectNode().put("error", "invalid_client"), null);
        }
        signIns.incrementAndGet();
        Duration lifetime = tokenLifetime;
        accessToken = UUID.randomUUID().toString();
        tokenExpires = Instant.now().plus(lifetime);
        return Reply.ok(PsaSimHttp.JSON.createObjectNode().put("access_token", accessToken).put("token_type", "Bearer")
                .put("expires_in", lifetime.toSeconds()).put("scope", "all"));
    }

    private synchronized List<ObjectNode> clients() {
        return data.clients();
    }

    private synchronized List<ObjectNode> invoices() {
        return data.invoices();
    }

    private synchronized Reply invoice(long id) {
        ObjectNode invoice = data.invoice(id);
        if (invoice == null) {
            throw AutotaskSimError.notFound("no recurring invoice " + id);
        }
        return Reply.ok(invoice);
    }

    /** {@code pageinate=true&page_size=N&page_no=P} (P from 1). */
    private static Reply page(HttpExchange exchange, String key, List<ObjectNode> items) {
        if (!"true".equalsIgnoreCase(PsaSimHttp.queryParameter(exchange, "pageinate"))) {
            throw AutotaskSimError.badRequest("the simulator answers paged lists only: pageinate=true, page_size, page_no");
        }
        int size = number(PsaSimHttp.queryParameter(exchange, "page_size"));
        int page = number(PsaSimHttp.queryParameter(exchange, "page_no"));
        if (size < 1 || page < 1) {
            throw AutotaskSimError.badRequest("page_size and page_no must be 1 or more");
        }
        ObjectNode body = PsaSimHttp.JSON.createObjectNode().put("record_count", items.size());
        int from = (int) Math.min((long) (page - 1) * size, items.size());
        body.putArray(key).addAll(items.subList(from, Math.min(from + size, items.size())));
        body.put("page_no", page).put("page_size", size);
        return Reply.ok(body);
    }

    /** A JSON array of recurring invoices; each with an id is an update (creating one is not simulated). */
    private Reply update(JsonNode body) {
        if (!body.isArray() || body.isEmpty()) {
            throw AutotaskSimError.badRequest("expected a JSON array of recurring invoices");
        }
        Fault fault;
        WriteAnswer answer = writeAnswer;
        long answered = body.get(0).path("id").asLong();
        ObjectNode before;
        synchronized (this) {
            before = answer == WriteAnswer.AS_BEFORE ? data.invoice(answered) : null;
            List<Runnable> updates = new ArrayList<>();
            for (JsonNode invoice : body) {
                long id = invoice.path("id").asLong(0);
                if (id == 0 || data.invoice(id) == null) {
                    throw AutotaskSimError.badRequest("no recurring invoice " + invoice.path("id") + " to update");
                }
                if (invoice.has("lines")) {
                    updates.add(data.replacingLines(id, invoice.get("lines")));
                }
            }
            fault = nextFault();
            if (fault == Fault.HTTP_429) {
                return new Reply(429, message("Too many requests"), "1");
            }
            if (answer != WriteAnswer.UNSAVED) {
                updates.forEach(Runnable::run);
            }
        }
        if (fault == Fault.HTTP_500_AFTER_APPLY) {
            return new Reply(500, message("simulated failure after applying"), null);
        }
        if (fault == Fault.RESET_AFTER_APPLY) {
            return Reply.DROP;
        }
        return switch (answer) {
            case SAVED, UNSAVED -> invoice(answered);
            case AS_BEFORE -> Reply.ok(before);
            case WITHOUT_LINES -> Reply.ok(((ObjectNode) invoice(answered).body()).without("lines"));
        };
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AutotaskSimError.badRequest("not a number: " + value);
        }
    }

    private static ObjectNode message(String text) {
        return PsaSimHttp.JSON.createObjectNode().put("message", text);
    }
}
