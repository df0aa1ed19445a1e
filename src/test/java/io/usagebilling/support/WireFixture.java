package io.usagebilling.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A request and answer of a PSA's or module's API as other people's public clients show them
 * (src/test/resources/wire/, each naming its sources): the adapter is served the fixture's answer and
 * the simulator's answer must have the fixture's shape, so neither can drift from the public record alone.
 */
public record WireFixture(JsonNode request, JsonNode answer) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static WireFixture load(String name) {
        try (InputStream in = WireFixture.class.getResourceAsStream("/wire/" + name)) {
            JsonNode fixture = JSON.readTree(in);
            return new WireFixture(fixture.path("request"), fixture.path("answer"));
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("no wire fixture " + name, e));
        }
    }

    /** The fixture request's form fields ({@code request.form}), sorted by name. */
    public Map<String, String> requestForm() {
        return JSON.convertValue(request.path("form"), new TypeReference<TreeMap<String, String>>() {});
    }

    /** An {@code application/x-www-form-urlencoded} body as its fields, sorted by name. */
    public static Map<String, String> formFields(String body) {
        Map<String, String> fields = new TreeMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** The fields as a form body. */
    public static String formBody(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Answers a request to a replay server (a loopback HttpServer serving a fixture's answer). */
    public static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The actual answer has every field of the fixture's answer, each of the same JSON type (array items from the first). */
    public void assertSameShape(JsonNode actual) {
        assertThat(shape(actual, "", new TreeSet<>())).as("the answer's fields and types")
                .containsAll(shape(answer, "", new TreeSet<>()));
    }

    private static TreeSet<String> shape(JsonNode node, String path, TreeSet<String> fields) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                shape(field.getValue(), path + "." + field.getKey(), fields);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            shape(node.get(0), path + "[]", fields);
        }
        if (!node.isNull()) { // null says nothing of a field's type
            fields.add(path + ":" + node.getNodeType());
        }
        return fields;
    }
}
