package io.usagebilling.app;

import io.usagebilling.intake.TemplateParameters;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.spi.ScriptingLanguage;
import org.apache.camel.support.LanguageSupport;

/**
 * Builds a route template's local bean from the template's parameters, whole (found by Camel as the
 * language templateBean, META-INF/services/org/apache/camel/language/): Camel hands a template
 * bean whose {@code scriptLanguage} is a ScriptingLanguage the route template context ({@code rtc}).
 * In a template: {@code beans: [{name: source, type: "#class:C", scriptLanguage: templateBean, script: C}]},
 * where class C has {@code public static C fromTemplate(TemplateParameters)}.
 */
public final class TemplateBean extends LanguageSupport implements ScriptingLanguage {

    @Override
    public <T> T evaluate(String script, Map<String, Object> bindings, Class<T> resultType) {
        RouteTemplateContext rtc = (RouteTemplateContext) bindings.get("rtc");
        CamelContext context = rtc.getCamelContext();
        try {
            Class<?> type = context.getClassResolver().resolveMandatoryClass(script.strip());
            Object bean = type.getMethod("fromTemplate", TemplateParameters.class)
                    .invoke(null, new TemplateParameters(rtc.getParameters(), context));
            return resultType.cast(bean);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(script + ".fromTemplate: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("templateBean needs a class with public static fromTemplate(TemplateParameters),"
                    + " not '" + script + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Predicate createPredicate(String expression) {
        throw new UnsupportedOperationException("templateBean only builds route template beans");
    }

    @Override
    public Expression createExpression(String expression) {
        throw new UnsupportedOperationException("templateBean only builds route template beans");
    }
}
