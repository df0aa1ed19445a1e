package io.usagebilling.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A local stand-in for Datto RMM API v2: tokens from {@code POST /auth/oauth/token} (the password
 * grant, see {@link DattoRmmTokens}) that expire, {@code GET /api/v2/account/sites} with a valid one,
 * paging by {@code page}/{@code max} with absolute {@code nextPageUrl}s, the "Deleted Devices"
 * pseudo-site every account has listed first, its rate limit (429, then a
 * 403 block: {@link DattoRmmRateLimit}), and a fault hook for retry tests. Listens on 127.0.0.1 only
 * (never another interface). Thread-safe.
 */
public final class DattoRmmSimulator implements AutoCloseable {

    /** The module id the simulated API reports for. */
    public static final String MODULE = "datto-rmm";

    public static final String TOKEN_PATH = "/auth/oauth/token";
    public static final String SITES_PATH = "/api/v2/account/sites";
    /** How long the real API's tokens last. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(100);
    /** The real API's limit: this many requests in any {@link #RATE_WINDOW}. */
    public static final int RATE_LIMIT = 600;
    public static final Duration RATE_WINDOW = Duration.ofSeconds(60);
    /** How long a caller that went on past the limit is blocked (unconfirmed: "temporary"). */
    public static final Duration BLOCK = Duration.ofMinutes(5);
    public static final int MAX_PAGE_SIZE = 250;
    /** The name of the pseudo-site that holds an account's deleted devices (in every account). */
    public static final String DELETED_DEVICES = "Deleted Devices";
    public static final String DELETED_DEVICES_UID =
            UUID.nameUUIDFromBytes("datto-rmm-site:deleted-devices".getBytes(StandardCharsets.UTF_8)).toString();

    /** One valid site of the current snapshot. */
    public record Site(long id, String uid, String name, int numberOfDevices) {
        public Site {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(name, "name");
            if (numberOfDevices < 0) {
                throw new IllegalArgumentException("numberOfDevices must not be negative: " + numberOfDevices);
            }
        }
    }

    /**
     * The Deleted Devices pseudo-site, the valid sites, then raw JSON objects; replaced as a whole so a
     * request sees one consistent list.
     */
    record Snapshot(Site deletedDevices, List<Site> sites, List<String> rawSites) {
        /** The valid sites as listed: the pseudo-site first. */
        List<Site> listed() {
            List<Site> listed = new ArrayList<>(sites.size() + 1);
            listed.add(deletedDevices);
            listed.addAll(sites);
            return listed;
        }

        int size() {
            return 1 + sites.size() + rawSites.size();
        }
    }

    /** Remaining forced failures and their status; one reference so both change together. */
    private record FaultPlan(int remaining, int status) {}

    private final LoopbackHttpServer server;
    private final DattoRmmTokens tokens;
    private final String baseUrl;
    private final AtomicLong requestCount = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
    private final AtomicReference<Duration> tokenLifetime = new AtomicReference<>(TOKEN_LIFETIME);
    private final AtomicReference<DattoRmmRateLimit> rateLimit =
            new AtomicReference<>(new DattoRmmRateLimit(RATE_LIMIT, RATE_WINDOW, BLOCK));
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(
            new Snapshot(new Site(9_999, DELETED_DEVICES_UID, DELETED_DEVICES, 0), List.of(), List.of()));
    private final AtomicReference<FaultPlan> faults = new AtomicReference<>(new FaultPlan(0, 0));

    private DattoRmmSimulator(String apiKey, String apiSecret) throws IOException {
        this.tokens = new DattoRmmTokens(apiKey, apiSecret);
        this.server = new LoopbackHttpServer("datto-rmm-simulator", 4, this::handle);
        this.baseUrl = server.baseUrl();
    }

    /** Starts a simulator on a free loopback port that issues tokens for this API key and secret only. */
    public static DattoRmmSimulator start(String apiKey, String apiSecret) {
        if (apiKey == null || apiKey.isBlank() || apiSecret == null || apiSecret.isBlank()) {
            throw new IllegalArgumentException("the API key and secret must not be blank");
        }
        try {
            return new DattoRmmSimulator(apiKey, apiSecret);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Datto RMM simulator", e);
        }
    }

    /** Deterministic, realistic sites (company-like names, 1..250 devices) for demos and tests. */
    public static List<Site> generateSites(int count, long seed) {
        return DattoRmmSiteGenerator.generate(count, seed);
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Replaces the valid part of the current snapshot (served first, after the Deleted Devices pseudo-site). */
    public void setSites(List<Site> sites) {
        List<Site> copy = List.copyOf(sites);
        snapshot.updateAndGet(current -> new Snapshot(current.deletedDevices(), copy, current.rawSites()));
    }

    /** How many devices the Deleted Devices pseudo-site holds (none at first). */
    public void setDeletedDevices(int count) {
        snapshot.updateAndGet(current -> new Snapshot(new Site(current.deletedDevices().id(), DELETED_DEVICES_UID,
                DELETED_DEVICES, count), current.sites(), current.rawSites()));
    }

    /**
     * Replaces the raw part of the snapshot, served verbatim after the valid sites. Meant for
     * malformed sites such as {@code {"uid":"x","devicesStatus":{"numberOfDevices":"twelve"}}};
     * text that is not JSON at all makes the whole page invalid, which tests page quarantine.
     */
    public void setRawSites(List<String> rawSiteJson) {
        List<String> copy = List.copyOf(rawSiteJson);
        snapshot.updateAndGet(current -> new Snapshot(current.deletedDevices(), current.sites(), copy));
    }

    /** All requests received, including failed and unauthorized ones and token requests. */
    public long requestCount() {
        return requestCount.get();
    }

    /** Requests to the token endpoint, granted or not. */
    public long tokenRequests() {
        return tokenRequests.get();
    }

    /** How many requests were answered with {@code status}. */
    public long answered(int status) {
        LongAdder count = answers.get(status);
        return count == null ? 0 : count.sum();
    }

    /** Tokens issued from now on last this long (the real API's: {@link #TOKEN_LIFETIME}). */
    public void setTokenLifetime(Duration lifetime) {
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("the token lifetime must not be negative: " + lifetime);
        }
        tokenLifetime.set(lifetime);
    }

    /**
     * From now on, {@code requests} API requests in any {@code window}, past which a request is
     * answered 429, and the next one 403 with a block of {@code blockFor} (the real API's:
     * {@link #RATE_LIMIT}, {@link #RATE_WINDOW}, {@link #BLOCK}).
     */
    public void setRateLimit(int requests, Duration window, Duration blockFor) {
        rateLimit.set(new DattoRmmRateLimit(requests, window, blockFor));
    }

    /** Every token issued so far expires now, earlier than its holder was told (revoked, or the API restarted). */
    public void expireTokens() {
        tokens.expireAll();
    }

    /** The next {@code n} requests, whatever they are, answer {@code status} (e.g. 503, 429). */
    public void failNextRequests(int n, int status) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an error status 400..599: " + status);
        }
        faults.set(new FaultPlan(n, status));
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            requestCount.incrementAndGet();
            FaultPlan fault = faults.getAndUpdate(
                    plan -> plan.remaining() > 0 ? new FaultPlan(plan.remaining() - 1, plan.status()) : plan);
            String path = exchange.getRequestURI().getPath();
            if (fault.remaining() > 0) {
                sendJson(exchange, fault.status(), DattoRmmPageJson.error("simulated fault"));
                return;
            }
            // No Retry-After: no public source says the real API sends one.
            switch (rateLimit.get().admit(Instant.now(), path.startsWith("/api/"))) {
                case BLOCKED -> sendJson(exchange, 403, DattoRmmPageJson.error("blocked: requests went on past the rate limit"));
                case LIMITED -> sendJson(exchange, 429, DattoRmmPageJson.error("rate limit exceeded"));
                case SERVED -> serve(exchange, path);
            }
        } catch (RuntimeException e) {
            sendJson(exchange, 500, DattoRmmPageJson.error("simulator failure: " + e.getMessage()));
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange, String path) throws IOException {
        if (TOKEN_PATH.equals(path)) {
            issueToken(exchange);
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            refuseMethod(exchange, "GET");
        } else if (!SITES_PATH.equals(path)) {
            sendJson(exchange, 404, DattoRmmPageJson.error("not found"));
        } else if (!tokens.valid(exchange.getRequestHeaders().getFirst("Authorization"), Instant.now())) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            sendJson(exchange, 401, DattoRmmPageJson.error("unauthorized"));
        } else {
            serveSites(exchange);
        }
    }

    private void issueToken(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        if (!"POST".equals(exchange.getRequestMethod())) {
            refuseMethod(exchange, "POST");
            return;
        }
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        DattoRmmTokens.Answer answer = tokens.issue(exchange.getRequestHeaders().getFirst("Authorization"), form,
                Instant.now(), tokenLifetime.get());
        sendJson(exchange, answer.status(), answer.json());
    }

    private void refuseMethod(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        sendJson(exchange, 405, DattoRmmPageJson.error("method not allowed"));
    }

    private void serveSites(HttpExchange exchange) throws IOException {
        DattoRmmPageQuery query;
        try {
            query = DattoRmmPageQuery.parse(exchange.getRequestURI().getRawQuery(), MAX_PAGE_SIZE);
        } catch (IllegalArgumentException e) {
            sendJson(exchange, 400, DattoRmmPageJson.error(e.getMessage()));
            return;
        }
        sendJson(exchange, 200, DattoRmmPageJson.page(snapshot.get(), query.page(), query.max(), baseUrl + SITES_PATH));
    }

    private void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answers.computeIfAbsent(status, s -> new LongAdder()).increment();
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
