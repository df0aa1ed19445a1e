package io.usagebilling.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.StorableText;
import io.usagebilling.domain.TenantCalendar;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import org.apache.camel.Message;

/** One REST call's inputs: query parameters from the HTTP request itself, path parameters, the JSON body. */
public final class ApiRequest {

    private final HttpServerRequest http;
    private final Message in;
    private final ObjectMapper json;
    private final ApiTokens.Caller caller;

    ApiRequest(HttpServerRequest http, Message in, ObjectMapper json, ApiTokens.Caller caller) {
        this.http = http;
        this.in = in;
        this.json = json;
        this.caller = caller;
    }

    /** Who is calling: the API token's name, recorded with every change the call makes. */
    public String caller() {
        return "api:" + caller.name();
    }

    /** The token's owner, role and grants. */
    public ApiTokens.Caller who() {
        return caller;
    }

    public String query(String name) {
        String value = http.getParam(name);
        return value == null || value.isBlank() ? null : storable("query parameter", name, value);
    }

    public Long queryLong(String name) {
        String value = query(name);
        return value == null ? null : parseLong(name, value);
    }

    /** A whole-number query parameter from {@code min} to {@code max}: {@code byDefault} when absent, else a 400 naming it. */
    public int queryInt(String name, int byDefault, int min, int max) {
        Long value = queryLong(name);
        if (value != null && (value < min || value > max)) {
            throw InputProblem.invalid(name, name + " must be " + min + " to " + max + ", not " + value);
        }
        return value == null ? byDefault : value.intValue();
    }

    /** A decimal query parameter; null when absent, a 400 naming it when it is not a number. */
    public BigDecimal queryDecimal(String name) {
        String value = query(name);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw InputProblem.invalid(name, name + " must be a number, not '" + value + "'");
        }
    }

    /** A YYYY-MM-DD query parameter; null when absent, a 400 naming it when it is not a date. */
    public LocalDate queryDate(String name) {
        String value = query(name);
        if (value == null) {
            return null;
        }
        try {
            return TenantCalendar.parseDate(value);
        } catch (IllegalArgumentException e) {
            throw InputProblem.invalid(name, name + ": " + e.getMessage());
        }
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

    /**
     * The JSON body as the operation's request type (the schema its OpenAPI operation shows), else a
     * 400 naming the field: unknown fields are refused rather than ignored, and 1.5 is not a whole number.
     */
    public <T> T body(Class<T> type) {
        JsonNode body = body();
        try {
            return json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT).treeToValue(body, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InputProblem problem) {
                throw problem;
            }
            throw new IllegalArgumentException("the request body cannot be read: " + e.getOriginalMessage());
        } catch (UnrecognizedPropertyException e) {
            throw InputProblem.invalid(e.getPropertyName(), "'" + e.getPropertyName() + "' is not a field of this request"
                    + " (fields: " + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")");
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            throw InputProblem.invalid(field, "'" + field + "' has the wrong type: " + body.get(field));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body cannot be read: " + e.getOriginalMessage());
        }
    }

    /** A request field that must be there (not null, not blank), else a 400 naming it. */
    public static <T> T need(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw InputProblem.invalid(field, "'" + field + "' is required");
        }
        return value;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InputProblem.invalid(name, name + " must be a whole number, not '" + value + "'");
        }
    }
}
