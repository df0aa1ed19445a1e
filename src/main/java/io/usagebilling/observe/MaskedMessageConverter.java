package io.usagebilling.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %maskedMsg} in log4j2.properties: the message and its exception's stack trace with secrets
 * masked (see Secrets), whatever logged them and at whatever level (Camel's and the HTTP clients'
 * debug lines show headers).
 */
@Plugin(name = "MaskedMessageConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedMsg"})
public final class MaskedMessageConverter extends LogEventPatternConverter {

    private MaskedMessageConverter() {
        super("maskedMsg", "maskedMsg");
    }

    public static MaskedMessageConverter newInstance(String[] options) {
        return new MaskedMessageConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder to) {
        to.append(Secrets.mask(event.getMessage().getFormattedMessage()));
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            to.append(System.lineSeparator()).append(Secrets.mask(trace.toString().stripTrailing()));
        }
    }

    @Override
    public boolean handlesThrowable() {
        return true;
    }
}
