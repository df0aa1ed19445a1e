package io.usagebilling.intake;

import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * A source route template's parameters as one module's route gives them, the template's defaults
 * filled in, handed whole to the template's bean (app.TemplateBean): each parameter is declared once,
 * in the template, and read once, by name, here. Blank means "not given".
 */
public final class TemplateParameters {

    private final Map<String, Object> values;
    private final CamelContext context;

    public TemplateParameters(Map<String, Object> values, CamelContext context) {
        this.values = Map.copyOf(values);
        this.context = context;
    }

    /** The value with its property placeholders resolved, or null when blank or not given. */
    public String text(String name) {
        String value = raw(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The value with its property placeholders resolved, as given: blanks count (a tab separator). */
    public String raw(String name) {
        Object value = values.get(name);
        return value == null ? null : context.resolvePropertyPlaceholders(value.toString());
    }

    public String text(String name, String fallback) {
        String value = text(name);
        return value == null ? fallback : value;
    }

    /** One of the application's beans (as BillingConfiguration registered it). */
    public <T> T bean(Class<T> type) {
        T bean = context.getRegistry().findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("no single " + type.getSimpleName() + " bean in the registry");
        }
        return bean;
    }
}
