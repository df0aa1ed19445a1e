package io.usagebilling.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for a module's usage API, as most vendor APIs shape one: {@code GET /v1/usage}
 * answers {@code {"data":{"items":[...]},"meta":{"nextCursor":..},"links":{"next":..}}}, each item
 * {@code {"tenant":{"id","name"},"sku","quantity","assetId","date"}}. It pages one way (cursor,
 * page number or next link) and authenticates one way (API key header, bearer, basic or OAuth2
 * client credentials, with {@code POST /oauth/token}). Listens on 127.0.0.1 only. Thread-safe.
 */
public final class UsageApiSimulator implements AutoCloseable {

    public static final String USAGE_PATH = "/v1/usage";
    public static final String TOKEN_PATH = "/oauth/token";
    public static final String API_KEY_HEADER = "X-Api-Key";
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Paging { CURSOR, PAGE_NUMBER, NEXT_LINK }

    public enum Auth { API_KEY, BEARER, BASIC, OAUTH2 }

    /** One usage item; {@code assetId} and {@code date} may be null. */
    public record Item(String tenantId, String tenantName, String sku, BigDecimal quantity, String assetId, String date) {
        public Item {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(quantity, "quantity");
        }
    }

    private final LoopbackHttpServer server;
    private final String baseUrl;
    private final Paging paging;
    private final Auth auth;
    private final String user;
    private final String secret;
    private final int pageSize;
    private final AtomicReference<List<String>> items = new AtomicReference<>(List.of());
    private final AtomicReference<String> issuedToken = new AtomicReference<>();
    private final AtomicLong usageRequests = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicReference<Duration> pageDelay = new AtomicReference<>(Duration.ZERO);

    private UsageApiSimulator(Paging paging, Auth auth, String user, String secret, int pageSize) throws IOException {
        this.paging = paging;
        this.auth = auth;
        this.user = user;
        this.secret = secret;
        this.pageSize = pageSize;
        this.server = new LoopbackHttpServer("usage-api-simulator", 2, this::handle);
        this.baseUrl = server.baseUrl();
    }

    /**
     * @param user   the API key's header value is {@code secret} (api-key), the token (bearer), the user
     *               (basic) or the client id (oauth2); unused for api-key and bearer
     * @param secret the key, token, password or client secret
     */
    public static UsageApiSimulator start(Paging paging, Auth auth, String user, String secret, int pageSize) {
        try {
            return new UsageApiSimulator(paging, auth, user, secret, pageSize);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the usage API simulator", e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public void setItems(List<Item> newItems) {
        items.set(newItems.stream().map(UsageApiSimulator::json).toList());
    }

    /** Items exactly as given, each a JSON value of the page's array (junk too: bad-input tests). */
    public void setRawItems(List<String> json) {
        items.set(List.copyOf(json));
    }

    /** Usage requests received, including unauthorized ones. */
    public long usageRequests() {
        return usageRequests.get();
    }

    /** Every usage page is answered this much later (a slow module, or one to stop a sync in). */
    public void setPageDelay(Duration delay) {
        pageDelay.set(delay);
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(TOKEN_PATH) && exchange.getRequestMethod().equals("POST") && auth == Auth.OAUTH2) {
                tokenRequests.incrementAndGet();
                token(exchange);
            } else if (path.equals(USAGE_PATH) && exchange.getRequestMethod().equals("GET")) {
                usageRequests.incrementAndGet();
                pause(pageDelay.get());
                if (!authorized(exchange)) {
                    send(exchange, 401, "{\"error\":\"unauthorized\"}");
                } else {
                    send(exchange, 200, page(exchange.getRequestURI()));
                }
            } else {
                send(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!basic(user, secret).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !query(form).getOrDefault("grant_type", "").equals("client_credentials")) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = UUID.randomUUID().toString();
        issuedToken.set(token);
        send(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private boolean authorized(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return switch (auth) {
            case API_KEY -> secret.equals(exchange.getRequestHeaders().getFirst(API_KEY_HEADER));
            case BEARER -> ("Bearer " + secret).equals(authorization);
            case BASIC -> basic(user, secret).equals(authorization);
            case OAUTH2 -> issuedToken.get() != null && ("Bearer " + issuedToken.get()).equals(authorization);
        };
    }

    private String page(URI uri) {
        Map<String, String> q = query(uri.getRawQuery());
        List<String> all = items.get();
        int from = switch (paging) {
            case CURSOR -> q.containsKey("cursor") ? decodeCursor(q.get("cursor")) : 0;
            case PAGE_NUMBER -> (Integer.parseInt(q.getOrDefault("page", "1")) - 1) * pageSize;
            case NEXT_LINK -> Integer.parseInt(q.getOrDefault("offset", "0"));
        };
        int to = Math.min(all.size(), from + pageSize);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putObject("data").putArray("items");
        for (String item : all.subList(Math.min(from, all.size()), to)) {
            array.addRawValue(new RawValue(item));
        }
        boolean more = to < all.size();
        if (paging == Paging.CURSOR) {
            body.putObject("meta").put("nextCursor", more ? encodeCursor(to) : null);
        } else if (paging == Paging.NEXT_LINK) {
            body.putObject("links").put("next", more ? baseUrl + USAGE_PATH + "?offset=" + to : null);
        }
        return body.toString();
    }

    private static String json(Item item) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("tenant").put("id", item.tenantId()).put("name", item.tenantName());
        node.put("sku", item.sku()).put("quantity", item.quantity());
        if (item.assetId() != null) {
            node.put("assetId", item.assetId());
        }
        if (item.date() != null) {
            node.put("date", item.date());
        }
        return node.toString();
    }

    /** Opaque cursors, as real APIs hand out: the caller must not be able to compute them. */
    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        return Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).substring(7));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
