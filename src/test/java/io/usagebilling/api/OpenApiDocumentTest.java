package io.usagebilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.usagebilling.app.BillingApp;
import io.usagebilling.support.RunningApi;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is one a client can be generated from: a standard parser reads it whole. */
class OpenApiDocumentTest extends RunningApi {

    @Test
    void aStandardParserReadsItWithTitleServerUniqueOperationsAndTheBearerScheme() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readLocation(fixture.baseUrl() + BillingApp.OPENAPI_PATH, null, null);
        OpenAPI api = parsed.getOpenAPI();

        // Left for the request and response schemas (issue 18): each operation's responses described.
        assertThat(parsed.getMessages()).allMatch(m -> m.endsWith(".responses.default.description is missing"));
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
        boolean everywhere = api.getSecurity() != null && api.getSecurity().stream().anyMatch(r -> r.containsKey("bearer"));
        assertThat(apiOperations.stream().filter(o -> !everywhere && (o.getSecurity() == null || o.getSecurity().isEmpty()))
                .map(Operation::getOperationId).filter(Objects::nonNull)).as("operations without the bearer requirement").isEmpty();
    }
}
