package io.sluice.bootstrap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own 503s (above all the graceful shutdown's, for requests that arrive after SIGTERM on
 * open connections) answered like Sluice's: with {@code Retry-After} and a JSON error body, so
 * a client or a load balancer knows to come back or go elsewhere. Every other error is Jetty's
 * default. Stateless and thread-safe.
 */
final class UnavailableErrorHandler extends ErrorHandler {

    /** Seconds: about what a restart takes, and soon enough for a client to try another instance. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final byte[] SHUTTING_DOWN = ("{\"error\":\"shutting_down\",\"message\":\"Sluice is shutting down; "
            + "retry after " + RETRY_AFTER_SECONDS + " s, here once it has restarted or at another instance.\"}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNAVAILABLE = ("{\"error\":\"service_unavailable\",\"message\":\"Sluice cannot take this request "
            + "now; retry after " + RETRY_AFTER_SECONDS + " s.\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (response.getStatus() != HttpStatus.SERVICE_UNAVAILABLE_503 || response.isCommitted()) {
            return super.handle(request, response, callback);
        }
        boolean stopping = request.getConnectionMetaData().getConnector().getServer().isStopping();
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(stopping ? SHUTTING_DOWN : UNAVAILABLE), callback);
        return true;
    }
}
