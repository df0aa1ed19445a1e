package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.RunningApi;
import io.usagebilling.support.Sql;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document the service serves, with malformed and boundary values in
 * each path parameter, each query parameter and each body field the document gives it: never a 5xx,
 * a refused request (4xx) changes nothing, and every answered one (2xx) matches the document's
 * schema for it. Failures are listed together, one request a line.
 */
class RestApiFuzzTest extends RunningApi {

    private static final List<String> VALUES = List.of("", "-1", "0", "9223372036854775808", "abc", "2026-13-01",
            "-4800-01", "a\u0000b", "\uD800", "%", "../..", "é🦷", "x".repeat(5_000));
    /** A valid value of each body field, by name; the fuzzing changes one at a time. */
    private static final Map<String, Object> VALID = Map.ofEntries(Map.entry("company", 101), Map.entry("module", "datto-rmm"),
            Map.entry("org", "site-fuzz"), Map.entry("billingType", "devices"), Map.entry("contract", 11),
            Map.entry("service", 500), Map.entry("proration", "daily"), Map.entry("ids", List.of(1)),
            Map.entry("enabled", true), Map.entry("termsAccepted", true), Map.entry("paymentToken", "FS_tok_abcdefgh"),
            Map.entry("assetId", "a-1"), Map.entry("minScore", 1));
    private static final List<String> STATE = List.of("license", "license_event", "org_mapping", "service_mapping",
            "mapping_history", "activation", "invoice", "billing_month", "suggestion_rejection", "delivery_ledger");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document;
    private static OpenApiInteractionValidator answers;

    @Test
    void noOperationAnswers5xxARefusedOneChangesNothingAndAnAnsweredOneMatchesItsSchema() throws Exception {
        String served = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + BillingApp.OPENAPI_PATH)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        document = JSON.readTree(served);
        answers = OpenApiInteractionValidator.createForInlineApiSpecification(served).build();
        Map<String, String> failures = new TreeMap<>(); // the first failing request of each operation and slot
        Set<String> answered = new TreeSet<>();
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase();
                for (String[] request : requests(path.getKey(), operation.getValue())) {
                    requests++;
                    String failure = check(method, request[0], request[1], () -> answered.add(method + " " + path.getKey()));
                    if (failure != null) {
                        failures.putIfAbsent(method + " " + path.getKey() + " " + slot(request), failure);
                    }
                }
            }
        }
        assertThat(requests).as("requests sent").isGreaterThan(1_000);
        assertThat(failures.values()).as("operations and slots failing, of " + requests + " requests").isEmpty();
        assertThat(answered).as("operations with an answer checked against the document").hasSizeGreaterThanOrEqualTo(30);
    }

    /** The operation's requests: {path with query, body}, one value of one slot changed at a time. */
    private static List<String[]> requests(String template, JsonNode operation) throws Exception {
        String valid = PATH_PARAMETER.matcher(template).replaceAll(m -> sample(m.group(1)));
        JsonNode schema = requestSchema(operation);
        String body = schema == null ? null : JSON.writeValueAsString(validBody(schema));
        List<String[]> requests = new ArrayList<>();
        requests.add(new String[] {valid, body});
        Matcher parameters = PATH_PARAMETER.matcher(template);
        while (parameters.find()) {
            for (String value : VALUES) {
                String path = template.replace(parameters.group(), encode(value));
                requests.add(new String[] {PATH_PARAMETER.matcher(path).replaceAll(m -> sample(m.group(1))), body});
            }
        }
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("query")) {
                for (String value : VALUES) {
                    requests.add(new String[] {valid + "?" + parameter.path("name").asText() + "=" + encode(value), body});
                }
            }
        }
        if (schema != null) {
            for (String raw : List.of("", "{}", "[]", "null", "\"x\"", "{\"company\":", "{\"company\":1e400}", "\u0000",
                    "{\"company\":1.5}", "{\"unknown\":1}")) {
                requests.add(new String[] {valid, raw});
            }
            for (Iterator<String> fields = schema.path("properties").fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                for (String value : VALUES) {
                    ObjectNode changed = validBody(schema);
                    changed.put(field, value);
                    requests.add(new String[] {valid, changed.toString()});
                    changed.putNull(field);
                    requests.add(new String[] {valid, changed.toString()});
                }
            }
        }
        return requests;
    }

    /** The JSON schema of the operation's request body, null when it reads none. */
    private static JsonNode requestSchema(JsonNode operation) {
        JsonNode ref = operation.path("requestBody").path("content").path("application/json").path("schema").path("$ref");
        return ref.isMissingNode() ? null : document.at(ref.asText().substring(1));
    }

    /** A body with each field of the schema at its valid value. */
    private static ObjectNode validBody(JsonNode schema) {
        ObjectNode body = JSON.createObjectNode();
        schema.path("properties").fieldNames().forEachRemaining(field -> body.set(field, JSON.valueToTree(VALID.get(field))));
        return body;
    }

    private static String check(String method, String path, String body, Runnable answeredAsDocumented) throws Exception {
        String before = state();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        String request = method + " " + cut(path) + (body == null ? "" : " " + cut(body));
        if (response.statusCode() >= 500) {
            return request + " -> " + response.statusCode() + " " + cut(response.body());
        }
        if (response.statusCode() >= 400 && !state().equals(before)) {
            return request + " -> " + response.statusCode() + " but changed what is stored";
        }
        if (response.statusCode() < 300) {
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            ValidationReport report = answers.validateResponse(bare, Request.Method.valueOf(method), SimpleResponse.Builder
                    .status(response.statusCode()).withContentType(response.headers().firstValue("Content-Type").orElse(""))
                    .withBody(response.body()).build());
            if (report.hasErrors()) {
                return request + " -> " + response.statusCode() + " not as documented: "
                        + report.getMessages().stream().map(ValidationReport.Message::getMessage).toList();
            }
            answeredAsDocumented.run();
        }
        return null;
    }

    /** A fingerprint of what a request may change: the rows of each table, in one query. */
    private static String state() throws Exception {
        return Sql.rows(fixture.dataSource(), "SELECT concat_ws(',', " + String.join(", ",
                STATE.stream().map(t -> "(SELECT count(*) FROM " + t + ")").toList()) + ")").get(0);
    }

    /** Which slot a request fills oddly: a query parameter's name, the body's field, or the path. */
    private static String slot(String[] request) {
        Matcher query = Pattern.compile("\\?([a-z]+)=").matcher(request[0]);
        if (query.find()) {
            return "?" + query.group(1);
        }
        return request[1] == null ? "path" : "body";
    }

    private static String sample(String parameter) {
        return switch (parameter) {
            case "month" -> "2026-09";
            case "report" -> "invoices";
            case "module" -> "datto-rmm";
            case "org" -> "site-a1";
            case "billingType" -> "devices";
            default -> "101";
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String cut(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
