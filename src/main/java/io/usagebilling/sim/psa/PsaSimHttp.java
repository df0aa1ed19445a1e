package io.usagebilling.sim.psa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP and JSON plumbing of the PSA simulators: replies, bodies, parameters. */
public final class PsaSimHttp {

    static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** A response: status, JSON body and an optional Retry-After value. */
    public record Reply(int status, JsonNode body, String retryAfter) {

        /** No answer at all: the connection is closed, as when a server or a proxy resets it. */
        static final Reply DROP = new Reply(-1, null, null);

        static Reply ok(JsonNode body) {
            return new Reply(200, body, null);
        }

        static Reply error(int status, String message) {
            return new Reply(status, errors(message), null);
        }

        /** Autotask's error shape. */
        static ObjectNode errors(String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("errors").add(message);
            return body;
        }
    }

    private PsaSimHttp() {
    }

    public static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply == Reply.DROP) {
            return; // closing the exchange unanswered closes the connection
        }
        byte[] bytes = JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static JsonNode readJson(HttpExchange exchange) {
        byte[] bytes;
        try {
            bytes = exchange.getRequestBody().readAllBytes();
        } catch (IOException e) {
            throw AutotaskSimError.badRequest("cannot read the request body: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw AutotaskSimError.badRequest("empty request body; expected JSON");
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw AutotaskSimError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AutotaskSimError.badRequest("unreadable JSON: " + e.getMessage());
        }
    }

    static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
            throw new AutotaskSimError(405, "The requested resource does not support http method '"
                    + exchange.getRequestMethod() + "'.");
        }
    }

    /** A decoded query-string parameter (its name in any case), or null. */
    static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null ? null : pairs(query).entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** An {@code application/x-www-form-urlencoded} body as its fields; another content type is a 415. */
    static Map<String, String> readForm(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new AutotaskSimError(415, "expected a form body (application/x-www-form-urlencoded), not " + type);
        }
        try {
            return pairs(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AutotaskSimError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    private static Map<String, String> pairs(String encoded) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            pairs.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return pairs;
    }

    /** A required JSON number without a fraction (3 and 3.0 pass, 3.5 and "3" do not). */
    static BigDecimal wholeNumber(JsonNode object, String name) {
        JsonNode value = AutotaskQuery.property(object, name);
        if (value == null || value.isNull()) {
            throw AutotaskSimError.badRequest(name + " is required");
        }
        if (!value.isNumber() || value.decimalValue().stripTrailingZeros().scale() > 0) {
            throw AutotaskSimError.badRequest(name + " must be a whole number, got " + value);
        }
        BigDecimal whole = value.decimalValue().stripTrailingZeros();
        if (whole.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw AutotaskSimError.badRequest(name + " " + value + " is out of range");
        }
        return whole.setScale(0);
    }

    /** Sleeps; returns early (keeping the interrupt) when the simulator is closed. */
    static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
