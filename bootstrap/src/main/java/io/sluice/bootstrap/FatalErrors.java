package io.sluice.bootstrap;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * What {@code -XX:+ExitOnOutOfMemoryError} does, for a server started as {@code java -jar sluice.jar
 * server config.yml}, whose manifest cannot pass JVM flags: an {@link OutOfMemoryError} stops the
 * process at once (exit code 3, the JVM flag's), loudly, instead of leaving a half-working server.
 * A heap that ran out once may have broken any thread (the buffer writer, the consumer, a request
 * in the middle of an append), so the only state known to be safe is a restart from the buffer and
 * the database, which lose nothing acknowledged; a supervisor (systemd, Kubernetes, compose's
 * {@code restart:}) starts it again. Two ways in: the default uncaught-exception handler (a thread
 * that dies of it) and a JAX-RS exception mapper (a request that hits it, which Jersey would
 * otherwise answer 500 and carry on). Other uncaught throwables are logged with their thread.
 * Stateless and thread-safe.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {

    /** The exit code of {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int EXIT_CODE = 3;

    private FatalErrors() {
    }

    /** Installs the handler for every thread of the process; called from {@code main}, never in a test JVM. */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrors());
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

    /** Stops the JVM without shutdown hooks, which could need the memory that ran out. */
    static void halt(String where, Throwable failure) {
        try {
            System.err.println("Sluice: " + failure + " in " + where + "; halting the process (exit " + EXIT_CODE
                    + ", like -XX:+ExitOnOutOfMemoryError) so a supervisor restarts it from the buffer");
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
}
