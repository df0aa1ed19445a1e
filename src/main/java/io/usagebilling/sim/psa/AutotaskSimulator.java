package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.usagebilling.sim.psa.AutotaskPages.Page;
import io.usagebilling.sim.psa.AutotaskPages.Result;
import io.usagebilling.sim.psa.PsaSimHttp.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated Autotask tenant on 127.0.0.1 speaking the REST wire shapes the adapter uses: zone
 * lookup, entity queries with paging, ContractServiceAdjustments creates (including Autotask's
 * habit of silently adding a missing service line), the tenant's request threshold
 * (ThresholdInformation), and one-shot faults for adjustments.
 * {@code GET /sim/report} (no auth, simulator-only, not counted as a request) shows what it received.
 */
public final class AutotaskSimulator implements SimulatedPsa {

    /** What the next adjustment does instead of a plain 200. */
    public enum Fault {
        /** Applies the adjustment, then answers 500: the client cannot know it landed. */
        HTTP_500_AFTER_APPLY,
        /** Answers 500 without applying. */
        HTTP_500_BEFORE_APPLY,
        /** Answers 429 with Retry-After: 1 without applying (request threshold). */
        HTTP_429,
        /** Applies, then waits {@link #setFaultDelay} (longer than a client timeout) before the 200. */
        DELAY_AFTER_APPLY,
        /** Applies, then closes the connection without an answer. */
        RESET_AFTER_APPLY,
        /** Refuses it over the thread limit as Autotask may (a 500 with code Itgenatr005), unapplied. */
        THREAD_LIMIT,
        /** Refuses the integration code as Autotask does (500, errors body), unapplied: revoked mid-run. */
        INTEGRATION_CODE_REFUSED,
        /** Holds the request until {@link #releaseHeld}, then closes it unanswered and unapplied. */
        HOLD_BEFORE_APPLY,
        /** Applies, holds the request until {@link #releaseHeld}, then closes it unanswered. */
        HOLD_AFTER_APPLY,
        /** Holds the request until {@link #releaseHeld}, then applies it and answers 200: a write slow to land. */
        HOLD_THEN_APPLY
    }

    /** An accepted ContractServiceAdjustments create. */
    public record Adjustment(long contractId, long serviceId, LocalDate effectiveDate, BigDecimal unitChange) { }

    /** A service line Autotask added on its own because an adjustment named a service the contract lacked. */
    public record ImplicitServiceLine(long contractId, long serviceId, LocalDate startDate) { }

    private static final String API_PREFIX = "/atservicesrest/v1.0/";

    private final String integrationCode;
    private final String userName;
    private final String secret;
    private final SimServer server;
    private final String origin;
    private final AutotaskTenant tenant = new AutotaskTenant();
    private final AutotaskPages pages;
    private final AutotaskAdjustmentEndpoint adjustmentEndpoint = new AutotaskAdjustmentEndpoint(tenant);
    private final AtomicLong requests = new AtomicLong();
    private final AutotaskLimits limits = new AutotaskLimits();
    private final AtomicInteger queryFaults = new AtomicInteger();
    private volatile int queryFaultStatus;
    private volatile Duration responseDelay = Duration.ZERO;

    private AutotaskSimulator(String integrationCode, String userName, String secret) {
        this.integrationCode = Objects.requireNonNull(integrationCode);
        this.userName = Objects.requireNonNull(userName);
        this.secret = Objects.requireNonNull(secret);
        // several threads: a DELAY_AFTER_APPLY sleep must not block other requests
        server = new SimServer("autotask", 8, this::reply);
        origin = server.origin();
        pages = new AutotaskPages(origin + "/atservicesrest/V1.0/"); // next-page URLs come back with a capital V
    }

    public static AutotaskSimulator start(String integrationCode, String userName, String secret) {
        return new AutotaskSimulator(integrationCode, userName, secret);
    }

    /** Where zone lookup starts, like https://webservices2.autotask.net/atservicesrest. */
    public String zoneLookupBase() {
        return origin + "/atservicesrest";
    }

    @Override
    public void addCompany(long id, String name) {
        tenant.addCompany(id, name);
    }

    @Override
    public void addContract(long id, long companyId, String name) {
        tenant.addContract(id, companyId, name);
    }

    /** The contract is billed by periods of this many months (1 monthly, 3 quarterly, 12 yearly). */
    public void billingPeriodMonths(long contractId, int months) {
        tenant.billingPeriodMonths(contractId, months);
    }

    /** A line's unit rows as "start..end:units". */
    public List<String> unitRows(long contractId, long serviceId) {
        return tenant.unitRows(contractId, serviceId);
    }

    /** A recurring service line billed in calendar-month periods; the first period starts on {@code startDate}. */
    @Override
    public void addLine(long contractId, long serviceId, BigDecimal initialUnits, LocalDate startDate) {
        tenant.addLine(contractId, serviceId, initialUnits, startDate);
    }

    public List<Adjustment> adjustments() {
        return tenant.adjustments();
    }

    public List<ImplicitServiceLine> implicitServiceLines() {
        return tenant.implicitServiceLines();
    }

    /** Units in force on {@code date}; 0 when the line does not exist or has not started. */
    @Override
    public BigDecimal unitsOn(long contractId, long serviceId, LocalDate date) {
        return tenant.unitsOn(contractId, serviceId, date);
    }

    /** A person adds a ContractServiceAdjustment in Autotask's screens: {@code unitChange} from {@code day} on. */
    @Override
    public void handEdit(long contractId, long serviceId, LocalDate day, BigDecimal unitChange) {
        tenant.applyAdjustment(contractId, serviceId, day, unitChange);
    }

    /** Every HTTP request received on the API, failed ones included (not /sim/report). */
    public long requestCount() {
        return requests.get();
    }

    /** Adjustments applied (also those answered with a fault after applying). */
    public long writeCount() {
        return adjustmentEndpoint.writeCount();
    }

    /** Queues a fault for the next adjustment request; queued faults are used one per request, in order. */
    public void failNextAdjustment(Fault fault) {
        adjustmentEndpoint.failNext(fault);
    }

    /** The next adjustment plays the write fault every PSA simulator plays. */
    @Override
    public void failNextWrite(WriteFaults.Fault fault) {
        failNextAdjustment(switch (fault) {
            case HTTP_429 -> Fault.HTTP_429;
            case HTTP_500_AFTER_APPLY -> Fault.HTTP_500_AFTER_APPLY;
            case RESET_AFTER_APPLY -> Fault.RESET_AFTER_APPLY;
        });
    }

    @Override
    public void clearFaults() {
        adjustmentEndpoint.clearFaults();
    }

    public void setFaultDelay(Duration delay) {
        adjustmentEndpoint.setFaultDelay(delay);
    }

    /** Waits until a HOLD_* fault is holding an adjustment request. */
    public boolean awaitHeldAdjustment(Duration timeout) throws InterruptedException {
        return adjustmentEndpoint.awaitHeld(timeout);
    }

    /** Ends a held adjustment request: its connection is closed unanswered. */
    public void releaseHeld() {
        adjustmentEndpoint.releaseHeld();
    }

    /** The next {@code count} queries (first pages or next pages) answer {@code status} without a result. */
    public void failNextQueries(int count, int status) {
        queryFaultStatus = status;
        queryFaults.set(count);
    }

    /**
     * The tenant's threshold (Autotask's: 10,000 an hour): requests beyond it in the current timeframe
     * answer 429 with a Retry-After of an hour.
     */
    public void setHourlyThreshold(long requests) {
        limits.hourlyThreshold(requests);
    }

    /**
     * The tenant's requests in the current timeframe, as if other integrations had sent them (0: a new
     * timeframe); every request received adds one. The timeframe never ends by itself: tests are short.
     */
    public void setCurrentTimeframeRequestCount(long count) {
        limits.currentTimeframeRequestCount(count);
    }

    /** Every API request waits this long before it is handled (to make concurrent requests overlap). */
    public void setResponseDelay(Duration delay) {
        responseDelay = Objects.requireNonNull(delay);
    }

    /** The most requests ever in flight at once on one endpoint (the thread limit refuses beyond 3). */
    public int maxInFlight() {
        return limits.maxInFlight();
    }

    @Override
    public void close() {
        server.stop();
    }

    private Reply reply(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.equals("/sim/report") ? Reply.ok(report()) : limited(exchange, path);
    }

    /** Autotask's limits before the request itself: 3 in flight per endpoint, the hourly threshold. */
    private Reply limited(HttpExchange exchange, String path) {
        requests.incrementAndGet();
        return limits.within(path, () -> {
            PsaSimHttp.sleep(responseDelay);
            return route(exchange, path);
        });
    }

    private Reply route(HttpExchange exchange, String path) {
        try {
            if (!path.toLowerCase(Locale.ROOT).startsWith(API_PREFIX)) {
                throw AutotaskSimError.notFound("no resource " + path);
            }
            String[] parts = path.substring(API_PREFIX.length()).split("/");
            if (parts.length == 1 && parts[0].equalsIgnoreCase("zoneInformation")) {
                PsaSimHttp.requireMethod(exchange, "GET");
                return zoneInformation(PsaSimHttp.queryParameter(exchange, "user"));
            }
            authenticate(exchange);
            if (parts.length == 1 && parts[0].equalsIgnoreCase("ThresholdInformation")) {
                PsaSimHttp.requireMethod(exchange, "GET");
                return Reply.ok(limits.thresholdInformation());
            }
            if (parts.length == 1 && parts[0].equalsIgnoreCase("ContractServiceAdjustments")) {
                PsaSimHttp.requireMethod(exchange, "POST");
                return adjustmentEndpoint.create(PsaSimHttp.readJson(exchange));
            }
            if (parts.length >= 2 && parts[1].equalsIgnoreCase("query") && queryFaults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Reply.error(queryFaultStatus, "simulated query failure");
            }
            if (parts.length == 2 && parts[1].equalsIgnoreCase("query")) {
                String entity = entity(parts[0]);
                PsaSimHttp.requireMethod(exchange, "POST");
                return query(entity, PsaSimHttp.readJson(exchange));
            }
            if (parts.length == 3 && parts[1].equalsIgnoreCase("query")
                    && (parts[2].equalsIgnoreCase("next") || parts[2].equalsIgnoreCase("prev"))) {
                String entity = entity(parts[0]);
                // POST like the first page (the body, if any, is not read: the token names the page); GET is a 405
                PsaSimHttp.requireMethod(exchange, "POST");
                Page page = pages.find(PsaSimHttp.queryParameter(exchange, "paging"));
                if (page == null || !page.result().entity().equals(entity)) {
                    throw AutotaskSimError.notFound("unknown or expired paging token");
                }
                return Reply.ok(pages.render(page));
            }
            throw AutotaskSimError.notFound("no resource " + path);
        } catch (AutotaskSimError e) {
            return e.reply();
        } catch (RuntimeException e) {
            return Reply.error(500, "simulator bug: " + e);
        }
    }

    private Reply zoneInformation(String user) {
        if (user == null || !user.equalsIgnoreCase(userName)) {
            throw AutotaskSimError.zoneUnknown();
        }
        ObjectNode zone = PsaSimHttp.JSON.createObjectNode()
                .put("url", origin + "/atservicesrest/").put("webUrl", origin + "/").put("ci", 1);
        return Reply.ok(zone);
    }

    /** An unknown integration code is Autotask's 500 with an errors body; a wrong user or secret a 401 (unconfirmed). */
    private void authenticate(HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        if (!integrationCode.equals(headers.getFirst("ApiIntegrationCode"))) {
            throw AutotaskSimError.integrationCodeInvalid();
        }
        if (!userName.equalsIgnoreCase(String.valueOf(headers.getFirst("UserName")))
                || !secret.equals(headers.getFirst("Secret"))) {
            throw new AutotaskSimError(401, "invalid UserName or Secret");
        }
    }

    private static String entity(String name) {
        for (String entity : AutotaskTenant.FIELDS.keySet()) {
            if (entity.equalsIgnoreCase(name)) {
                return entity;
            }
        }
        if (name.equalsIgnoreCase("ContractServiceAdjustments")) {
            throw new AutotaskSimError(405, "ContractServiceAdjustments can only be created, not queried");
        }
        throw AutotaskSimError.notFound("unknown entity " + name);
    }

    private Reply query(String entity, JsonNode body) {
        AutotaskQuery query = AutotaskQuery.parse(body, AutotaskTenant.FIELDS.get(entity));
        List<ObjectNode> items = tenant.rows(entity, query.latestDateMentioned(), query.requiredNumbers("contractID"),
                query.requiredNumbers("serviceID")).stream()
                .filter(query::matches).map(query::project).toList();
        return Reply.ok(pages.render(new Page(new Result(entity, items, query.maxRecords), 0)));
    }

    private ObjectNode report() {
        ObjectNode report = PsaSimHttp.JSON.createObjectNode()
                .put("requests", requests.get()).put("writes", adjustmentEndpoint.writeCount());
        report.set("adjustments", PsaSimHttp.JSON.valueToTree(adjustments()));
        report.set("implicitServiceLines", PsaSimHttp.JSON.valueToTree(implicitServiceLines()));
        return report;
    }
}
