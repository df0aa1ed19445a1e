package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.mapping.MappingFiles;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.sync.ExchangeProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** The YAML validator: every file in routes/ parses with Camel's own loader and follows the layout rules. */
class RoutesFilesTest {

    /** The source templates, by file; module source files instantiate them. */
    private static final Map<Path, String> TEMPLATES = Map.of(
            Path.of("routes", "templates", "poll-source.camel.yaml"), "poll-source",
            Path.of("routes", "templates", "csv-drop-source.camel.yaml"), "csv-drop-source");

    @Test
    void everyRouteFileLoadsAndHoldsOneRouteWithAnExplicitId() throws Exception {
        List<Path> files = routeFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            try (CamelContext context = load(file)) {
                List<RouteDefinition> routes = model(context).getRouteDefinitions();
                List<RouteConfigurationDefinition> configurations = model(context).getRouteConfigurationDefinitions();
                if (TEMPLATES.containsKey(file)) {
                    assertThat(model(context).getRouteTemplateDefinitions()).as(file + " holds the template")
                            .extracting(t -> t.getId()).containsExactly(TEMPLATES.get(file));
                    assertThat(routes).as(file + " holds no route").isEmpty();
                } else if (!model(context).getRestDefinitions().isEmpty()) {
                    assertThat(model(context).getRestDefinitions()).as(file + " holds one rest").hasSize(1);
                    assertThat(routes).as(file + " rest routes have explicit ids").allMatch(RouteDefinition::hasCustomIdAssigned);
                } else if (configurations.isEmpty()) {
                    assertThat(routes).as(file + " holds one route").hasSize(1);
                    assertThat(routes.get(0).hasCustomIdAssigned()).as(file + " route has an explicit id").isTrue();
                } else {
                    assertThat(routes).as(file + " holds route configurations only").isEmpty();
                }
            }
        }
    }

    @Test
    void routesTogetherReferOnlyToWhatExists() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            for (Path file : routeFiles()) { // the templates first: module source files instantiate them
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            }
            Set<String> configurations = model(context).getRouteConfigurationDefinitions().stream()
                    .map(RouteConfigurationDefinition::getId).collect(Collectors.toSet());
            Set<String> consumed = model(context).getRouteDefinitions().stream()
                    .map(RoutesFilesTest::inputUri).collect(Collectors.toSet());
            for (RouteDefinition route : model(context).getRouteDefinitions()) {
                if (route.getRouteConfigurationId() != null) {
                    assertThat(configurations).as(route.getId() + "'s routeConfigurationId").contains(route.getRouteConfigurationId());
                }
            }
            assertThat(consumed).contains("direct:sync-day", "direct:deliver", "direct:collect-datto-rmm",
                    "platform-http:/callbacks/{module}?httpMethodRestrict=POST");
            List<String> ids = model(context).getRouteDefinitions().stream().map(RouteDefinition::getId).toList();
            assertThat(ids).contains("daily-sync-trigger", "daily-sync", "collect-units", "delivery", "send-deliveries", "approve-plan", "callback-intake",
                    "month-close-trigger", "month-close", "api-licenses", "api-license-history", "api-invoices", "api-explain",
                    "api-prices", "api-export", "api-allocate", "api-auto-renewal", "api-change", "api-renew", "api-release",
                    "api-activate", "api-close", "api-finalize", "api-modules", "api-module-enable", "api-module-disable",
                    "api-organizations", "api-unmapped", "api-reject-suggestion", "api-companies", "api-contracts",
                    "api-org-mappings", "api-create-org-mapping", "api-accept-suggestions", "api-accept-suggestions-preview", "api-remap-org", "api-delete-org-mapping",
                    "api-service-mappings", "api-create-service-mapping", "api-delete-service-mapping", "api-mapping-history",
                    "console-page", "console-files", "review-redirect")
                    .doesNotHaveDuplicates();
            for (Mappings.Module m : MappingFiles.load(Path.of("mappings")).modules()) {
                if (!m.source().equals("callback")) {
                    assertThat(ids).as("the shipped catalog's %s module %s has its source route", m.source(), m.id())
                            .contains(m.id() + "-source");
                }
            }
        }
    }

    @Test
    void routesUseOnlyTheNamedExchangePropertiesAndBeansNamedForTheirClasses() throws IOException {
        Pattern property = Pattern.compile("exchangeProperty\\.(\\w+)|setProperty:\\s*\\{?\\s*name:\\s*(\\w+)");
        Pattern bean = Pattern.compile("ref: \"?(\\w+)\"?$|#bean:(\\w+)|bean:(\\w+)\\?", Pattern.MULTILINE);
        for (Path file : routeFiles()) {
            String yaml = Files.readString(file);
            Matcher p = property.matcher(yaml);
            while (p.find()) {
                String name = p.group(1) != null ? p.group(1) : p.group(2);
                assertThat(ExchangeProperties.ALL).as(file + " uses exchange property '" + name + "'").contains(name);
            }
            Matcher b = bean.matcher(yaml);
            while (b.find()) {
                String name = b.group(1) != null ? b.group(1) : b.group(2) != null ? b.group(2) : b.group(3);
                assertThat(name.equals("psaDeliveryThreads") || classNamed(Character.toUpperCase(name.charAt(0)) + name.substring(1)))
                        .as(file + " refers to bean '" + name + "', which is no class's name").isTrue();
            }
        }
    }

    @Test
    void eachConcernHasItsFolder() throws IOException {
        for (Path file : routeFiles()) {
            String name = file.getFileName().toString();
            String folder = file.getParent().equals(Path.of("routes")) ? "" : file.getParent().getFileName().toString();
            if (name.endsWith("-source.camel.yaml") && !TEMPLATES.containsKey(file)) {
                assertThat(folder).as(file + ": a module's source lives in routes/sources/").isEqualTo("sources");
            }
            if (folder.isEmpty()) {
                assertThat(name).as(file + ": only the error policies sit at the top").isEqualTo("errors.camel.yaml");
            }
        }
    }

    private static boolean classNamed(String simpleName) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            return files.anyMatch(f -> f.getFileName().toString().equals(simpleName + ".java"));
        }
    }

    /** The route's input URI, with the parameters of the template it was made from filled in. */
    private static String inputUri(RouteDefinition route) {
        String uri = route.getInput().getEndpointUri();
        if (route.getTemplateParameters() != null) {
            for (var p : route.getTemplateParameters().entrySet()) {
                uri = uri.replace("{{" + p.getKey() + "}}", String.valueOf(p.getValue()));
            }
        }
        return uri;
    }

    /** Loads one file; a module's source file after the source templates it instantiates. */
    private static CamelContext load(Path file) throws Exception {
        CamelContext context = new DefaultCamelContext();
        for (Path template : TEMPLATES.keySet()) {
            if (!TEMPLATES.containsKey(file)) {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + template));
            }
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
        return context;
    }

    private static Model model(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            return files.filter(f -> f.toString().endsWith(".camel.yaml"))
                    .sorted(Comparator.comparing((Path f) -> !TEMPLATES.containsKey(f)).thenComparing(Comparator.naturalOrder()))
                    .toList();
        }
    }
}
