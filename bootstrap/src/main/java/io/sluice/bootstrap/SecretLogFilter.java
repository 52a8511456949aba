package io.sluice.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps API keys out of the logs at every level, including after an operator turns a logger to
 * DEBUG or TRACE with {@code POST /tasks/log-level}: Jetty and Jersey below INFO dump request
 * headers and raw request bytes (keys in {@code Authorization}, {@code X-Write-Key},
 * {@code X-Api-Key}, a Segment body's {@code writeKey}), so their events below INFO are dropped; and
 * any enabled event whose text names one of those headers is dropped whoever logs it. A turbo
 * filter sees an event before it is formatted, so it cannot mask, only drop; Sluice's own lines
 * never name the headers. Thread-safe.
 */
final class SecretLogFilter extends TurboFilter {

    /** Loggers that print requests (headers, buffers) below INFO. */
    private static final String[] REQUEST_DUMPERS = {"org.eclipse.jetty", "org.glassfish.jersey", "io.dropwizard.jersey"};
    private static final String[] SECRET_NAMES = {"authorization", "x-write-key", "x-api-key", "writekey"};

    /** Installs the filter on the running Logback context (after Dropwizard configured logging). */
    static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            SecretLogFilter filter = new SecretLogFilter();
            filter.setName("sluice-secrets");
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            // Not going to be logged anyway: decide nothing, and do not pay for looking at the arguments.
            return FilterReply.NEUTRAL;
        }
        if (level.toInt() < Level.INFO_INT && isRequestDumper(logger.getName())) {
            return FilterReply.DENY;
        }
        if (names(format) || (params != null && namesAny(params)) || (t != null && names(t.getMessage()))) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean isRequestDumper(String name) {
        for (String prefix : REQUEST_DUMPERS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesAny(Object[] params) {
        for (Object param : params) {
            if (param != null && !(param instanceof Number) && names(String.valueOf(param))) {
                return true;
            }
        }
        return false;
    }

    private static boolean names(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String secret : SECRET_NAMES) {
            if (lower.contains(secret)) {
                return true;
            }
        }
        return false;
    }
}
