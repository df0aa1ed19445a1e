package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document the service serves, with malformed and boundary values in
 * each path parameter, each query parameter the API reads and each body field it knows: never a 5xx,
 * and a refused request (4xx) changes nothing. Failures are listed together, one request a line.
 */
class RestApiFuzzTest extends RunningApi {

    private static final List<String> VALUES = List.of("", "-1", "0", "9223372036854775808", "abc", "2026-13-01",
            "-4800-01", "a\u0000b", "\uD800", "%", "../..", "é🦷", "x".repeat(5_000));
    private static final List<String> QUERY = List.of("month", "company", "type", "from", "to", "limit", "module", "key",
            "kind", "refresh", "unmapped", "date");
    /** Operations that read no body and run a whole sync each: their query is fuzzed, not a body they ignore. */
    private static final Pattern SYNC_RUNS = Pattern.compile("/api/(syncs|plans)($|/\\{id}/approve)");
    private static final Map<String, Object> BODY = Map.ofEntries(Map.entry("company", 101), Map.entry("module", "datto-rmm"),
            Map.entry("org", "site-fuzz"), Map.entry("billingType", "devices"), Map.entry("contract", 11),
            Map.entry("service", 500), Map.entry("proration", "daily"), Map.entry("ids", List.of(1)),
            Map.entry("enabled", true), Map.entry("termsAccepted", true), Map.entry("paymentToken", "FS_tok_abcdefgh"),
            Map.entry("assetId", "a-1"));
    private static final List<String> STATE = List.of("license", "license_event", "org_mapping", "service_mapping",
            "mapping_history", "activation", "invoice", "billing_month", "suggestion_rejection", "delivery_ledger");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void noOperationAnswers5xxAndARefusedOneChangesNothing() throws Exception {
        JsonNode document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + BillingApp.OPENAPI_PATH))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        Map<String, String> failures = new TreeMap<>(); // the first failing request of each operation and slot
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                for (String[] request : requests(path.getKey(), method)) {
                    requests++;
                    String failure = check(method, request[0], request[1]);
                    if (failure != null) {
                        failures.putIfAbsent(method + " " + path.getKey() + " " + slot(request), failure);
                    }
                }
            }
        }
        assertThat(requests).as("requests sent").isGreaterThan(1_000);
        assertThat(failures.values()).as("operations and slots failing, of " + requests + " requests").isEmpty();
    }

    /** The operation's requests: {path with query, body}, one value of one slot changed at a time. */
    private static List<String[]> requests(String template, String method) throws Exception {
        String valid = PATH_PARAMETER.matcher(template).replaceAll(m -> sample(m.group(1)));
        boolean syncRun = SYNC_RUNS.matcher(template).matches();
        String body = hasBody(method) && !syncRun ? JSON.writeValueAsString(BODY) : null;
        List<String[]> requests = new ArrayList<>();
        Matcher parameters = PATH_PARAMETER.matcher(template);
        while (parameters.find()) {
            for (String value : VALUES) {
                String path = template.replace(parameters.group(), encode(value));
                requests.add(new String[] {PATH_PARAMETER.matcher(path).replaceAll(m -> sample(m.group(1))), body});
            }
        }
        for (String name : syncRun ? List.of("date")
                : method.equals("GET") || template.contains("reconciliation") ? QUERY : List.<String>of()) {
            for (String value : VALUES) {
                requests.add(new String[] {valid + "?" + name + "=" + encode(value), body});
            }
        }
        if (hasBody(method) && !syncRun) {
            for (String raw : List.of("", "{}", "[]", "null", "\"x\"", "{\"company\":", "{\"company\":1e400}", "\u0000")) {
                requests.add(new String[] {valid, raw});
            }
            for (String field : BODY.keySet()) {
                for (String value : VALUES) {
                    ObjectNode changed = JSON.valueToTree(BODY);
                    changed.put(field, value);
                    requests.add(new String[] {valid, changed.toString()});
                    changed.putNull(field);
                    requests.add(new String[] {valid, changed.toString()});
                }
            }
        }
        return requests;
    }

    private static String check(String method, String path, String body) throws Exception {
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

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String cut(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
