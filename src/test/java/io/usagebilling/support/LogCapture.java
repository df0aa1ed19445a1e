package io.usagebilling.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The log lines of a level or above written while it is open, e.g. to prove a request logs no ERROR. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final Level atLeast;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Level atLeast) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.atLeast = atLeast;
    }

    public static LogCapture of(Level atLeast) {
        LogCapture capture = new LogCapture(atLeast);
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(capture, atLeast, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(atLeast)) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage()
                    + (event.getThrown() == null ? "" : " [" + event.getThrown() + "]"));
        }
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
