package io.usagebilling.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters a module's {@code routes/sources/<id>-source.camel.yaml} gives its route template, over
 * the template's defaults: what a simulator needs to speak the shape the module is configured for.
 */
public final class TemplatedRouteParameters {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TemplatedRouteParameters() {}

    /** @param template e.g. {@code routes/templates/csv-drop-source.camel.yaml} */
    public static Map<String, String> of(Path template, Path moduleRoute) {
        Map<String, String> p = new HashMap<>();
        for (JsonNode param : read(template).get(0).at("/routeTemplate/parameters")) {
            if (param.has("defaultValue")) {
                p.put(param.get("name").asText(), param.get("defaultValue").asText());
            }
        }
        for (JsonNode param : read(moduleRoute).get(0).at("/templatedRoute/parameters")) {
            p.put(param.get("name").asText(), param.get("value").asText());
        }
        return p;
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
