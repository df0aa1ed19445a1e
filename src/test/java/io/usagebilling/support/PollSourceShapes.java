package io.usagebilling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.usagebilling.sources.JsonPageNormalizer;
import io.usagebilling.sources.JsonShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link JsonShape} a module's shipped {@code routes/<id>-source.camel.yaml} gives the poll-source
 * template (with the template's defaults), so normalizer tests check the real configuration.
 */
public final class PollSourceShapes {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PollSourceShapes() {}

    public static JsonPageNormalizer normalizer(String module) {
        return new JsonPageNormalizer(shape(module));
    }

    public static JsonShape shape(String module) {
        Map<String, String> p = new HashMap<>();
        for (JsonNode param : read("routes/poll-source.camel.yaml").get(0).at("/routeTemplate/parameters")) {
            if (param.has("defaultValue")) {
                p.put(param.get("name").asText(), param.get("defaultValue").asText());
            }
        }
        for (JsonNode param : read("routes/" + module + "-source.camel.yaml").get(0).at("/templatedRoute/parameters")) {
            p.put(param.get("name").asText(), param.get("value").asText());
        }
        return new JsonShape(p.get("module"), p.get("recordsPath"), p.get("orgIdField"), blank(p.get("orgNameField")),
                blank(p.get("billingTypeField")), blank(p.get("billingType")), p.get("quantityField"),
                Boolean.parseBoolean(p.get("wholeUnits")), new BigDecimal(p.get("maxQuantity")),
                blank(p.get("assetIdField")), blank(p.get("usageDateField")), blank(p.get("recordIdField")),
                blank(p.get("nextLinkField")), blank(p.get("cursorField")), null);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static JsonNode read(String file) {
        try {
            return YAML.readTree(Path.of(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
