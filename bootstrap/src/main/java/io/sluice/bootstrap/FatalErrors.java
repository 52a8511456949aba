package io.sluice.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.nio.charset.StandardCharsets;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * What {@code -XX:+ExitOnOutOfMemoryError} does, for a server started as {@code java -jar sluice.jar
 * server config.yml}, whose manifest cannot pass JVM flags: an {@link OutOfMemoryError} stops the
 * process at once (exit code 3, the JVM flag's), loudly, instead of leaving a half-working server.
 * A heap that ran out once may have broken any thread (the buffer writer, the consumer, a request
 * in the middle of an append), so the only state known to be safe is a restart from the buffer and
 * the database, which lose nothing acknowledged; a supervisor (systemd, Kubernetes, compose's
 * {@code restart:}) starts it again. Three ways in: the default uncaught-exception handler (a thread
 * that dies of it), a JAX-RS exception mapper (a request that hits it, which Jersey would
 * otherwise answer 500 and carry on), and a logging filter that sees every throwable handed to the
 * log: code that catches an error and logs it instead of dying, Jetty's thread pool above all
 * ("Job failed"), would otherwise keep a broken process serving. Other uncaught throwables are
 * logged with their thread. Stateless and thread-safe.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {

    /** The exit code of {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int EXIT_CODE = 3;

    private FatalErrors() {
    }

    private static volatile boolean installed;

    /** Installs the handler for every thread of the process; called from {@code main}, never in a test JVM. */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrors());
        installed = true;
    }

    /**
     * Halts on an out-of-memory error handed to any logger, once {@link #install()} ran (so never in
     * a test JVM). Called from {@code run}, after Dropwizard configured logging, which resets it.
     */
    static void watchLogs() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (installed && factory instanceof LoggerContext context) {
            context.addTurboFilter(new LoggedOutOfMemory());
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (isFatal(failure)) {
            halt("thread " + thread.getName(), failure);
        }
        System.err.println("Sluice: thread " + thread.getName() + " died: " + failure);
        failure.printStackTrace();
    }

    static boolean isFatal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /**
     * Built at class load: with the heap exhausted, building a message can itself run out of memory
     * (a CI run lost the whole report that way, exit code 3 and not a word why), so the line that
     * says why the process stops needs no allocation to be printed.
     */
    private static final byte[] HALT_LINE = ("Sluice: out of memory (java.lang.OutOfMemoryError); halting the process (exit "
            + EXIT_CODE + ", like -XX:+ExitOnOutOfMemoryError) so a supervisor restarts it from the buffer" + System.lineSeparator())
            .getBytes(StandardCharsets.UTF_8);

    /** Stops the JVM without shutdown hooks, which could need the memory that ran out. */
    static void halt(String where, Throwable failure) {
        try {
            try {
                System.err.println("Sluice: " + failure + " in " + where);
            } catch (Throwable noRoomForTheDetails) {
                // The preformatted line below still says why the process stops.
            }
            System.err.write(HALT_LINE, 0, HALT_LINE.length);
            System.err.flush();
        } finally {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }

    /** A request that ran out of memory stops the process instead of getting a 500. */
    static final class OutOfMemoryMapper implements ExceptionMapper<OutOfMemoryError> {
        @Override
        public Response toResponse(OutOfMemoryError failure) {
            halt("a request", failure);
            return Response.serverError().build();
        }
    }

    /** Sees the throwable of every log call before any level or appender decides, and halts on out-of-memory. */
    static final class LoggedOutOfMemory extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable failure) {
            Throwable logged = failure;
            if (logged == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
                logged = last;
            }
            if (logged != null && isFatal(logged)) {
                halt("code that logged it (" + (logger == null ? "?" : logger.getName()) + ")", logged);
            }
            return FilterReply.NEUTRAL;
        }
    }
}
