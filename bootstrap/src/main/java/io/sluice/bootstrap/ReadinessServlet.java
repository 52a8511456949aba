package io.sluice.bootstrap;

import io.sluice.application.port.out.MeasureBacklogPort;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Admin {@code /ready}: 200 while this instance can take writes, 503 while the buffer refuses
 * them (backlog at its limit, buffer not answering, or an append refused in the last few
 * seconds), so a load balancer stops sending ingest traffic to it, and at once when the consumer
 * thread has stopped while the server runs on (what it accepted would only pile up unstored).
 * Liveness is {@code /ping}.
 */
final class ReadinessServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final long RECENT_REFUSAL_MILLIS = 5_000;

    private final transient MeasureBacklogPort backlog;
    private final long backlogLimit;
    private final transient LongSupplier lastRefusalMillis;
    private final transient Supplier<String> consumerStopped;

    /** @param consumerStopped how the consumer thread ended although the server runs on; null while it runs (or when there is none) */
    ReadinessServlet(MeasureBacklogPort backlog, long backlogLimit, LongSupplier lastRefusalMillis, Supplier<String> consumerStopped) {
        this.backlog = backlog;
        this.backlogLimit = backlogLimit;
        this.lastRefusalMillis = lastRefusalMillis;
        this.consumerStopped = consumerStopped;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String reason = unreadyReason();
        response.setStatus(reason == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        String body = reason == null ? "{\"ready\":true}" : "{\"ready\":false,\"reason\":\"" + reason + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Why this instance is not ready, or null when it is. */
    String unreadyReason() {
        if (consumerStopped.get() != null) {
            return "the consumer thread stopped; restart the instance";
        }
        long records = backlog.backlog();
        if (records < 0) {
            return "the buffer does not answer";
        }
        if (records >= backlogLimit) {
            return "the buffer backlog is at its limit";
        }
        if (System.currentTimeMillis() - lastRefusalMillis.getAsLong() < RECENT_REFUSAL_MILLIS) {
            return "the buffer refused an append in the last few seconds";
        }
        return null;
    }
}
