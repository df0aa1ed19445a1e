package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.usagebilling.app.BillingApp;
import io.usagebilling.invoicing.CsvExports;
import io.usagebilling.support.RunningApi;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is one a client can be generated from: a standard parser reads it
 * whole, every operation has a unique id and described answers with their schemas, /api needs the
 * bearer token and /observe none. (RestApiFuzzTest checks the answers against those schemas.)
 */
class OpenApiDocumentTest extends RunningApi {

    @Test
    void aStandardParserReadsItWithTitleServerUniqueOperationsSchemasAndTheBearerScheme() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readLocation(fixture.baseUrl() + BillingApp.OPENAPI_PATH, null, null);
        OpenAPI api = parsed.getOpenAPI();

        assertThat(parsed.getMessages()).as("what the parser finds wrong").isEmpty();
        assertThat(api.getInfo().getTitle()).isEqualTo("usage-billing");
        assertThat(api.getInfo().getVersion()).isNotBlank();
        assertThat(api.getServers()).extracting(s -> s.getUrl()).containsExactly(fixture.baseUrl());
        List<Operation> operations = api.getPaths().values().stream().flatMap(p -> p.readOperations().stream()).toList();
        List<Operation> apiOperations = api.getPaths().entrySet().stream().filter(p -> p.getKey().startsWith("/api/"))
                .flatMap(p -> p.getValue().readOperations().stream()).toList();
        assertThat(operations).extracting(Operation::getOperationId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(api.getComponents().getSecuritySchemes()).hasEntrySatisfying("bearer", scheme -> {
            assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
            assertThat(scheme.getScheme()).isEqualTo("bearer");
        });
        assertThat(api.getSecurity()).as("no global requirement: /observe needs no token").isNullOrEmpty();
        assertThat(apiOperations).allSatisfy(o -> assertThat(o.getSecurity()).as(o.getOperationId())
                .anyMatch(r -> r.containsKey("bearer")));
        assertThat(api.getPaths().entrySet().stream().filter(p -> p.getKey().startsWith("/observe/"))
                .flatMap(p -> p.getValue().readOperations().stream())).allMatch(o -> o.getSecurity() == null);
        assertThat(operations).allSatisfy(o -> assertThat(o.getResponses()).as(o.getOperationId()).isNotEmpty()
                .allSatisfy((code, response) -> assertThat(response.getDescription()).isNotBlank()));
        assertThat(operations).as("operations answering 2xx without a documented body").filteredOn(o -> o.getResponses()
                .entrySet().stream().anyMatch(r -> r.getKey().startsWith("2") && !r.getKey().equals("204")
                        && (r.getValue().getContent() == null || r.getValue().getContent().values().stream()
                                .anyMatch(m -> m.getSchema() == null)))).extracting(Operation::getOperationId).isEmpty();
        assertThat(api.getPaths().get("/api/exports/{report}").getGet().getParameters()).filteredOn(p -> p.getName().equals("report"))
                .singleElement().satisfies(p -> assertThat(p.getSchema().getEnum()).isEqualTo(CsvExports.REPORTS));
    }
}
