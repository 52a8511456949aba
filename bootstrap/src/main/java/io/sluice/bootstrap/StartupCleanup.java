package io.sluice.bootstrap;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed start must undo. Resources that outlive the JVM (the embedded PostgreSQL is a
 * process of its own) are registered here as they start; if start-up does not complete (an
 * exception in {@code run}, or Jetty failing to bind its port afterwards, which ends in
 * {@code System.exit}), they are closed, last started first. Once the server runs, Dropwizard's
 * lifecycle owns them and this does nothing. Thread-safe.
 */
final class StartupCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(StartupCleanup.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private boolean complete;

    StartupCleanup() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::undo, "sluice-failed-start-cleanup"));
    }

    synchronized void register(AutoCloseable resource) {
        started.push(resource);
    }

    /** The server is up: from now on the lifecycle stops everything. */
    synchronized void completed() {
        complete = true;
        started.clear();
    }

    /** Closes what a start that did not complete left running. */
    synchronized void undo() {
        if (complete) {
            return;
        }
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception failed) {
                LOG.warn("Could not close {} after a failed start: {}", resource, failed.toString());
            }
        }
    }
}
