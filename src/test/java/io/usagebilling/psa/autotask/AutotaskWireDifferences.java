package io.usagebilling.psa.autotask;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where the generated Autotask Swagger document differs from Autotask's wire: {@link #applyTo} puts
 * the wire's shape in the parsed document at exactly those places, so the rest is checked as published.
 */
final class AutotaskWireDifferences {

    private AutotaskWireDifferences() {
    }

    /**
     * The known differences between the generated document and Autotask's wire, each replaced by the
     * wire's shape with its source (reference/psa-wire-checks.md unless said):
     * <ul>
     * <li>a query answers a page, {"items":[model...],"pageDetails":{...}}, not one model (public
     *     clients: KelvinTegelaar/AutotaskAPI reads items and PageDetails.NextPageUrl, go-autotask, n8n);
     * <li>a create answers {"itemId": n}, not the model (go-autotask crud.go);
     * <li>a filter's value is the JSON value itself (a number, a string, a list for "in"), not the
     *     ValueItem wrapper the .NET model shows (every public client, the document's own module included);
     * <li>date-times are yyyy-mm-ddThh:mm:ss[.ms] with no offset required (Autotask developer help,
     *     "Introduction to REST API calls", timestamp format; effectiveDate is date-only there), where
     *     Swagger's date-time would demand an RFC 3339 offset;
     * <li>ZoneInformation needs no credentials (go-autotask zone.go, apigrate), where the document
     *     lists the three auth headers as required on every path;
     * <li>an error answers {"errors":[string or {message}]} (apigrate, go-autotask error.go) with any
     *     status; the document declares only 401 and 403, without a body.
     * </ul>
     */
    static void applyTo(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        schemas.get("Filter").getProperties().put("value", new Schema<>().oneOf(List.of(new StringSchema(),
                new NumberSchema(), new BooleanSchema(), new ArraySchema().items(new Schema<>()))));
        schemas.values().forEach(model -> {
            if (model.getProperties() != null) {
                model.getProperties().replaceAll((name, property) -> "date-time".equals(((Schema<?>) property).getFormat())
                        ? new StringSchema().pattern("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?(Z|[+-]\\d{2}:\\d{2})?$")
                        : property);
            }
        });
        Schema<?> errors = new ObjectSchema().addProperty("errors", new ArraySchema().minItems(1).items(new Schema<>()
                .oneOf(List.of(new StringSchema(), new ObjectSchema().addProperty("message", new StringSchema())))))
                .required(List.of("errors"));
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            ApiResponse ok = operation.getResponses().get("200");
            if (path.endsWith("/query")) {
                eachJsonSchema(ok, AutotaskWireDifferences::page);
            } else if (method == PathItem.HttpMethod.POST && !path.endsWith("/count")) {
                eachJsonSchema(ok, model -> new ObjectSchema().addProperty("itemId", new IntegerSchema().format("int64"))
                        .required(List.of("itemId")));
            }
            if (path.equalsIgnoreCase("/V1.0/ZoneInformation")) {
                operation.getParameters().stream().filter(p -> "header".equals(p.getIn())).forEach(p -> p.setRequired(false));
            }
            Content errorContent = new Content().addMediaType("application/json", new MediaType().schema(errors));
            operation.getResponses().forEach((status, response) -> {
                if (!status.startsWith("2")) {
                    response.setContent(errorContent);
                }
            });
            operation.getResponses().setDefault(new ApiResponse().description("an error").content(errorContent));
        }));
    }

    private static Schema<?> page(Schema<?> model) {
        Schema<?> url = new StringSchema().nullable(true);
        return new ObjectSchema().addProperty("items", new ArraySchema().items(model))
                .addProperty("pageDetails", new ObjectSchema()
                        .addProperty("count", new IntegerSchema()).addProperty("requestCount", new IntegerSchema())
                        .addProperty("prevPageUrl", url).addProperty("nextPageUrl", url)
                        .required(List.of("count", "requestCount", "prevPageUrl", "nextPageUrl")))
                .required(List.of("items", "pageDetails"));
    }

    /** Replaces the schema of each JSON media type of a response (application/json and text/json). */
    private static void eachJsonSchema(ApiResponse response, UnaryOperator<Schema<?>> replace) {
        response.getContent().values().forEach(media -> media.setSchema(replace.apply(media.getSchema())));
    }
}
