package io.sluice.adapters.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request bodies the ingestion routes hold in memory at once. Each write request
 * reserves its declared {@code Content-Length} (or the body limit when it declares none) before
 * its body is read, and gives it back when its response is ready; a request that does not fit is
 * answered 503 {@code server_busy} with {@code Retry-After}, its body unread. With the per-request
 * item limit this bounds the heap the ingress path can take whatever clients send concurrently
 * (issue 13: concurrent 1 MiB bodies of tiny items ran the server out of memory). A body larger
 * than the limit reserves nothing: it is refused 413 without being buffered. Thread-safe.
 */
final class BodyBudget implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String RESERVED = "io.sluice.adapters.http.BodyBudget.reserved";
    private static final long RETRY_AFTER_SECONDS = 1;

    private final long capacity;
    private final int maxBodyBytes;
    private final AtomicLong reserved = new AtomicLong();

    BodyBudget(long capacity, int maxBodyBytes) {
        this.capacity = capacity;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long bytes = cost(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
        if (bytes == 0) {
            return;
        }
        if (!tryReserve(bytes)) {
            // Answered before the body was read: read the rest (bounded) so the client sees the 503, as for a 429.
            RequestBody.swallowQuietly(request.getEntityStream());
            throw HttpProblem.busy(RETRY_AFTER_SECONDS);
        }
        request.setProperty(RESERVED, bytes);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(RESERVED) instanceof Long bytes) {
            request.removeProperty(RESERVED);
            reserved.addAndGet(-bytes);
        }
    }

    /** The bytes a request may buffer: its declared length, the limit when undeclared, 0 when it will be refused unread. */
    private long cost(String contentLength) {
        if (contentLength == null || contentLength.isBlank()) {
            return maxBodyBytes;
        }
        try {
            long declared = Long.parseLong(contentLength.trim());
            return declared < 0 ? maxBodyBytes : declared > maxBodyBytes ? 0 : declared;
        } catch (NumberFormatException unreadable) {
            return maxBodyBytes;
        }
    }

    boolean tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Bytes reserved by requests in flight; for tests. */
    long reserved() {
        return reserved.get();
    }
}
