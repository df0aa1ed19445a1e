package io.usagebilling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    ApiRequest(HttpServerRequest http, Message in, ObjectMapper json) {
        this.http = http;
        this.in = in;
        this.json = json;
    }

    public String query(String name) {
        String value = http.getParam(name);
        return value == null || value.isBlank() ? null : value;
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
        return in.getHeader(name, String.class);
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

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
