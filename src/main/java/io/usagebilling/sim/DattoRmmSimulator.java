package io.usagebilling.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for Datto RMM API v2 {@code GET /api/v2/account/sites}: bearer auth, paging by
 * {@code page}/{@code max} with absolute {@code nextPageUrl}s, and a fault hook for retry tests.
 * Listens on 127.0.0.1 only (never another interface). Thread-safe.
 */
public final class DattoRmmSimulator implements AutoCloseable {

    /** The module id the simulated API reports for. */
    public static final String MODULE = "datto-rmm";

    public static final String SITES_PATH = "/api/v2/account/sites";
    public static final int MAX_PAGE_SIZE = 250;

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

    /** Valid sites, then raw JSON objects; replaced as a whole so a request sees one consistent list. */
    record Snapshot(List<Site> sites, List<String> rawSites) {
        int size() {
            return sites.size() + rawSites.size();
        }
    }

    /** Remaining forced failures and their status; one reference so both change together. */
    private record FaultPlan(int remaining, int status) {}

    private final LoopbackHttpServer server;
    private final byte[] expectedAuthorization;
    private final String baseUrl;
    private final AtomicLong requestCount = new AtomicLong();
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(List.of(), List.of()));
    private final AtomicReference<FaultPlan> faults = new AtomicReference<>(new FaultPlan(0, 0));

    private DattoRmmSimulator(String apiToken) throws IOException {
        this.expectedAuthorization = ("Bearer " + apiToken).getBytes(StandardCharsets.UTF_8);
        this.server = new LoopbackHttpServer("datto-rmm-simulator", 4, this::handle);
        this.baseUrl = server.baseUrl();
    }

    /** Starts a simulator on a free loopback port that accepts only {@code Bearer apiToken}. */
    public static DattoRmmSimulator start(String apiToken) {
        if (apiToken == null || apiToken.isBlank()) {
            throw new IllegalArgumentException("apiToken must not be blank");
        }
        try {
            return new DattoRmmSimulator(apiToken);
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

    /** Replaces the valid part of the current snapshot (served first). */
    public void setSites(List<Site> sites) {
        List<Site> copy = List.copyOf(sites);
        snapshot.updateAndGet(current -> new Snapshot(copy, current.rawSites()));
    }

    /**
     * Replaces the raw part of the snapshot, served verbatim after the valid sites. Meant for
     * malformed sites such as {@code {"uid":"x","devicesStatus":{"numberOfDevices":"twelve"}}};
     * text that is not JSON at all makes the whole page invalid, which tests page quarantine.
     */
    public void setRawSites(List<String> rawSiteJson) {
        List<String> copy = List.copyOf(rawSiteJson);
        snapshot.updateAndGet(current -> new Snapshot(current.sites(), copy));
    }

    /** All requests received, including failed and unauthorized ones. */
    public long requestCount() {
        return requestCount.get();
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
            if (fault.remaining() > 0) {
                sendJson(exchange, fault.status(), DattoRmmPageJson.error("simulated fault"));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                sendJson(exchange, 405, DattoRmmPageJson.error("method not allowed"));
            } else if (!SITES_PATH.equals(exchange.getRequestURI().getPath())) {
                sendJson(exchange, 404, DattoRmmPageJson.error("not found"));
            } else if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                sendJson(exchange, 401, DattoRmmPageJson.error("unauthorized"));
            } else {
                serveSites(exchange);
            }
        } catch (RuntimeException e) {
            sendJson(exchange, 500, DattoRmmPageJson.error("simulator failure: " + e.getMessage()));
        } finally {
            exchange.close();
        }
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

    /** Constant-time comparison: the simulator should not teach timing leaks by example. */
    private boolean authorized(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
