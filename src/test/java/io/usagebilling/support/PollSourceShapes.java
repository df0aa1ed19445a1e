package io.usagebilling.support;

import io.usagebilling.intake.normalize.JsonPageNormalizer;
import io.usagebilling.intake.normalize.JsonShape;
import io.usagebilling.sim.TemplatedRouteParameters;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@link JsonShape} a module's shipped {@code routes/sources/<id>-source.camel.yaml} gives the poll-source
 * template (with the template's defaults), so normalizer tests check the real configuration.
 */
public final class PollSourceShapes {

    private PollSourceShapes() {}

    public static JsonPageNormalizer normalizer(String module) {
        return new JsonPageNormalizer(shape(module));
    }

    public static JsonShape shape(String module) {
        Map<String, String> p = TemplatedRouteParameters.of(
                Path.of("routes", "templates", "poll-source.camel.yaml"), Path.of("routes", "sources", module + "-source.camel.yaml"));
        return new JsonShape(p.get("module"), p.get("recordsPath"), p.get("orgIdField"), blank(p.get("orgNameField")),
                blank(p.get("skipOrgName")), blank(p.get("billingTypeField")), blank(p.get("billingType")), p.get("quantityField"),
                Boolean.parseBoolean(p.get("wholeUnits")), new BigDecimal(p.get("maxQuantity")),
                blank(p.get("assetIdField")), blank(p.get("usageDateField")), blank(p.get("recordIdField")),
                blank(p.get("nextLinkField")), blank(p.get("cursorField")), null);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
