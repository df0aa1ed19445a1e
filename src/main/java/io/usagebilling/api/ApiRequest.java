package io.usagebilling.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.StorableText;
import io.usagebilling.domain.TenantCalendar;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.time.YearMonth;
import org.apache.camel.Message;

/** One REST call's inputs: query parameters from the HTTP request itself, path parameters, the JSON body. */
public final class ApiRequest {

    private final HttpServerRequest http;
    private final Message in;
    private final ObjectMapper json;
    private final String caller;

    ApiRequest(HttpServerRequest http, Message in, ObjectMapper json, String caller) {
        this.http = http;
        this.in = in;
        this.json = json;
        this.caller = caller;
    }

    /** Who is calling: the API token's name, recorded with every change the call makes. */
    public String caller() {
        return "api:" + caller;
    }

    public String query(String name) {
        String value = http.getParam(name);
        return value == null || value.isBlank() ? null : storable("query parameter", name, value);
    }

    public Long queryLong(String name) {
        String value = query(name);
        return value == null ? null : parseLong(name, value);
    }

    public YearMonth month() {
        String value = query("month");
        if (value == null) {
            throw new IllegalArgumentException("the query parameter month=YYYY-MM is required");
        }
        return TenantCalendar.parseMonth(value);
    }

    /** A {@code {name}} of the path (Camel's REST DSL puts path parameters in headers). */
    public long pathLong(String name) {
        return parseLong(name, in.getHeader(name, String.class));
    }

    public String path(String name) {
        String value = in.getHeader(name, String.class);
        return value == null ? null : storable("path parameter", name, value);
    }

    /** A text the database can hold (no NUL, no lone surrogate), else a 400 naming the parameter. */
    private static String storable(String kind, String name, String value) {
        String problem = StorableText.problem(value);
        if (problem != null) {
            throw InputProblem.invalid(name, "the " + kind + " '" + name + "' " + problem);
        }
        return value;
    }

    public JsonNode body() {
        try {
            String text = in.getBody(String.class);
            JsonNode node = text == null || text.isBlank() ? null : json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not valid JSON");
        }
    }

    /** A field of a JSON body that must be there, else a 400 naming it. */
    public static JsonNode required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw InputProblem.invalid(field, "'" + field + "' is required");
        }
        return value;
    }

    /** A required whole-number field of a JSON body. */
    public static long requiredLong(JsonNode body, String field) {
        JsonNode value = required(body, field);
        if (value.isTextual() && value.asText().strip().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.asText().strip()); // "600" from a form field is 600
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw InputProblem.invalid(field, "'" + field + "' must be a whole number, not " + value);
        }
        return value.asLong();
    }

    /** An optional whole-number field of a JSON body, null when absent. */
    public static Long optionalLong(JsonNode body, String field) {
        return body.hasNonNull(field) ? requiredLong(body, field) : null;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InputProblem.invalid(name, name + " must be a whole number, not '" + value + "'");
        }
    }
}
