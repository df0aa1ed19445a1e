package io.usagebilling.psa.autotask;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.usagebilling.support.RecordingForwarder.Exchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The published Autotask REST v1 Swagger subset (reference/autotask-rest-v1-subset.json) as a judge of
 * recorded exchanges. The document is generated from Autotask's .NET models and differs from its wire
 * in a few known places; {@link AutotaskWireDifferences} replaces exactly those, each with its source,
 * and everything else is checked as published (types, int32 ranges, required parameters, unknown
 * properties refused).
 */
final class AutotaskSwaggerSubset {

    /** Beside the project, as in CI's clone (../shared is the shared reference checkout). */
    static final Path FILE = Path.of("..", "shared", "reference", "autotask-rest-v1-subset.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;

    private AutotaskSwaggerSubset(OpenAPI api) {
        this.api = api;
        this.validator = OpenApiInteractionValidator.createFor(api).build();
    }

    static AutotaskSwaggerSubset load() {
        if (!Files.isRegularFile(FILE)) {
            throw new IllegalStateException("the Autotask Swagger subset is missing at " + FILE.toAbsolutePath().normalize()
                    + ": check out the shared reference beside the project (../shared/reference/)");
        }
        SwaggerParseResult parsed = new OpenAPIParser().readLocation(FILE.toString(), null, null);
        if (parsed.getOpenAPI() == null || !parsed.getMessages().isEmpty()) {
            throw new IllegalStateException(FILE + " does not parse as Swagger 2.0: " + parsed.getMessages());
        }
        AutotaskWireDifferences.applyTo(parsed.getOpenAPI());
        return new AutotaskSwaggerSubset(parsed.getOpenAPI());
    }

    /**
     * What one exchange breaks of the document, one line each; nothing when its request and answer
     * both match. An answer never came (a dropped connection) is not judged.
     */
    List<String> problems(Exchange exchange) {
        String path = documentPath(exchange.uri().getRawPath());
        Operation operation = operation(path, exchange.method());
        String what = exchange.method() + " " + exchange.uri().getRawPath() + " -> " + exchange.status() + ": ";
        List<String> problems = new ArrayList<>();
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), path);
        exchange.requestHeaders().forEach(request::withHeader);
        queryParameters(exchange.uri().getRawQuery()).forEach(request::withQueryParam);
        if (!exchange.requestBody().isEmpty()) {
            JsonNode body = documentCase(read(exchange.requestBody()), operation == null ? null : requestSchema(operation));
            request.withBody(body.toString());
            problems.addAll(unknownQueryFields(path, body).stream().map(p -> what + "request " + p).toList());
        }
        collect(validator.validateRequest(request.build()), what + "request ", problems);
        if (exchange.status() >= 0) {
            SimpleResponse.Builder answer = SimpleResponse.Builder.status(exchange.status());
            exchange.answerHeaders().forEach(answer::withHeader);
            Schema<?> schema = operation == null ? null : answerSchema(operation, exchange.status());
            answer.withBody(documentCase(read(exchange.answerBody()), schema).toString());
            collect(validator.validateResponse(path, Request.Method.valueOf(exchange.method()), answer.build()),
                    what + "answer ", problems);
        }
        return problems;
    }

    /** The document's path of the operation, e.g. "POST /V1.0/Companies/query"; null when none. */
    String operationOf(Exchange exchange) {
        String path = documentPath(exchange.uri().getRawPath());
        return operation(path, exchange.method()) == null ? null : exchange.method() + " " + path;
    }

    /**
     * The path as the document spells it: the zone's prefix (e.g. /ATServicesRest, the server's base
     * path) cut before /V1.0/, a next or previous page addressed as its query (the document has no
     * paging URLs; they are POSTed the same body), and the case of the document's path, as Autotask
     * reads paths case-insensitively. The validator happens to match segments case-blind too, but not
     * the base path; normalizing here keeps the check independent of that.
     */
    private String documentPath(String rawPath) {
        String path = rawPath;
        int version = path.toLowerCase(Locale.ROOT).indexOf("/v1.0/");
        if (version >= 0) {
            path = path.substring(version);
        }
        path = path.replaceFirst("(?i)/query/(next|prev)$", "/query");
        for (String documented : api.getPaths().keySet()) {
            if (documented.equalsIgnoreCase(path)) {
                return documented;
            }
        }
        return path;
    }

    private Operation operation(String path, String method) {
        PathItem item = api.getPaths().get(path);
        return item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
    }

    private static Schema<?> requestSchema(Operation operation) {
        return operation.getRequestBody() == null ? null : jsonSchema(operation.getRequestBody().getContent());
    }

    private static Schema<?> answerSchema(Operation operation, int status) {
        ApiResponse response = operation.getResponses().get(String.valueOf(status));
        if (response == null) {
            response = operation.getResponses().getDefault();
        }
        return response == null ? null : jsonSchema(response.getContent());
    }

    private static Schema<?> jsonSchema(Content content) {
        MediaType json = content == null ? null : content.get("application/json");
        return json == null ? null : json.getSchema();
    }

    /**
     * Field names in a body renamed to the document's spelling where they match ignoring case:
     * Autotask reads names case-insensitively and answers in camelCase (id, contractID, pageDetails)
     * where its models say Id and ContractID (psa-wire-checks.md). A name matching no property stays
     * as it is, and the validator refuses it as unknown.
     */
    private JsonNode documentCase(JsonNode node, Schema<?> schema) {
        Schema<?> resolved = resolve(schema);
        if (resolved == null) {
            return node;
        }
        if (node.isArray() && resolved.getItems() != null) {
            ArrayNode items = JSON.createArrayNode();
            node.forEach(item -> items.add(documentCase(item, resolved.getItems())));
            return items;
        }
        if (!node.isObject() || resolved.getProperties() == null) {
            return node;
        }
        ObjectNode renamed = JSON.createObjectNode();
        node.properties().forEach(field -> {
            Map.Entry<String, Schema> property = resolved.getProperties().entrySet().stream()
                    .filter(p -> p.getKey().equalsIgnoreCase(field.getKey())).findFirst().orElse(null);
            renamed.set(property == null ? field.getKey() : property.getKey(),
                    property == null ? field.getValue() : documentCase(field.getValue(), property.getValue()));
        });
        return renamed;
    }

    /**
     * A query's IncludeFields and filter fields must be properties of the entity it queries: the
     * document's schema cannot say so, but an unknown field is a 500 at Autotask.
     */
    private List<String> unknownQueryFields(String path, JsonNode body) {
        if (!path.endsWith("/query")) {
            return List.of();
        }
        Schema<?> model = resolve(answerSchema(operation(path, "POST"), 200)).getProperties().get("items").getItems();
        Schema<?> entity = resolve(model);
        List<String> names = new ArrayList<>();
        body.path("IncludeFields").forEach(name -> names.add(name.asText()));
        collectFilterFields(body.path("Filter"), names);
        return names.stream().filter(name -> entity.getProperties().keySet().stream().noneMatch(name::equalsIgnoreCase))
                .map(name -> "field '" + name + "' is not a property of " + model.get$ref()).toList();
    }

    private static void collectFilterFields(JsonNode conditions, List<String> names) {
        conditions.forEach(condition -> {
            if (condition.hasNonNull("field")) {
                names.add(condition.get("field").asText());
            }
            collectFilterFields(condition.path("items"), names);
        });
    }

    private Schema<?> resolve(Schema<?> schema) {
        if (schema == null || schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        return api.getComponents().getSchemas().get(name);
    }

    private static void collect(ValidationReport report, String prefix, List<String> problems) {
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> problems.add(prefix + m.getMessage()));
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text == null || text.isEmpty() ? "null" : text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text); // not JSON: the validator says so against the schema
        }
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                parameters.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
