package io.usagebilling.sim.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import io.usagebilling.sim.LoopbackHttpServer;
import io.usagebilling.sim.UsageApiSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's module usage APIs: {@code GET /<module>/v1/usage?offset=K&limit=L} with header
 * {@code X-Api-Key} answers {@code {"data":{"items":[...]},"links":{"next":...}}} (the shape of
 * {@link UsageApiSimulator}), each item computed by {@link BenchWorld#item} and streamed as it is
 * written, so the simulator holds no records at all, whatever their number. Listens on 127.0.0.1 only.
 */
public final class GeneratedUsageApi implements AutoCloseable {

    public static final String API_KEY_HEADER = UsageApiSimulator.API_KEY_HEADER;
    private static final int MAX_LIMIT = 5_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final BenchWorld world;
    private final String apiKey;
    private final LoopbackHttpServer server;

    private GeneratedUsageApi(BenchWorld world, String apiKey) throws IOException {
        this.world = world;
        this.apiKey = apiKey;
        this.server = new LoopbackHttpServer("generated-usage-api", 2, this::handle);
    }

    public static GeneratedUsageApi start(BenchWorld world, String apiKey) {
        try {
            return new GeneratedUsageApi(world, apiKey);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the generated usage API", e);
        }
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** A module's first page of {@code pageSize} records, relative to {@link #baseUrl()}. */
    public static String firstPage(String module, int pageSize) {
        return "/" + module + "/v1/usage?offset=0&limit=" + pageSize;
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String[] path = uri.getPath().split("/");
            int m = path.length == 4 && path[2].equals("v1") && path[3].equals("usage") ? module(path[1]) : -1;
            if (m < 0 || !exchange.getRequestMethod().equals("GET")) {
                send(exchange, 404, "{\"error\":\"not found\"}");
            } else if (!apiKey.equals(exchange.getRequestHeaders().getFirst(API_KEY_HEADER))) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
            } else {
                page(exchange, m, uri);
            }
        }
    }

    private static int module(String id) {
        for (int m = 0; m < BenchWorld.MODULES.size(); m++) {
            if (BenchWorld.MODULES.get(m).id().equals(id)) {
                return m;
            }
        }
        return -1;
    }

    private void page(HttpExchange exchange, int m, URI uri) throws IOException {
        long offset;
        int limit;
        try {
            offset = Long.parseLong(param(uri, "offset"));
            limit = Integer.parseInt(param(uri, "limit"));
        } catch (NumberFormatException e) {
            send(exchange, 400, "{\"error\":\"offset and limit must be numbers\"}");
            return;
        }
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            send(exchange, 400, "{\"error\":\"offset >= 0 and 1 <= limit <= " + MAX_LIMIT + "\"}");
            return;
        }
        long end = Math.min(world.recordsOf(m), offset + limit);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0); // chunked: the page is written as it is generated
        try (JsonGenerator json = JSON.createGenerator(exchange.getResponseBody())) {
            json.writeStartObject();
            json.writeObjectFieldStart("data");
            json.writeArrayFieldStart("items");
            for (long j = offset; j < end; j++) {
                writeItem(json, world.item(m, j));
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeObjectFieldStart("links");
            String module = BenchWorld.MODULES.get(m).id();
            json.writeStringField("next", end < world.recordsOf(m)
                    ? baseUrl() + "/" + module + "/v1/usage?offset=" + end + "&limit=" + limit : null);
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void writeItem(JsonGenerator json, BenchWorld.Item item) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("tenant");
        json.writeStringField("id", item.orgId());
        json.writeStringField("name", item.orgName());
        json.writeEndObject();
        json.writeStringField("sku", item.billingType());
        if (item.quantity() == null) {
            json.writeStringField("quantity", "n/a");
        } else {
            json.writeNumberField("quantity", item.quantity());
        }
        json.writeStringField("assetId", item.assetId());
        json.writeEndObject();
    }

    private static String param(URI uri, String name) {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
