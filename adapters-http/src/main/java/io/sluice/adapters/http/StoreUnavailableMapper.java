package io.sluice.adapters.http;

import io.sluice.application.port.out.StoreUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Answers a read route whose store is unreachable with 503 {@code store_unavailable} and a
 * {@code Retry-After} from {@link HttpSettings#storeRetryAfter()}: the port names no delay.
 * Immutable and thread-safe.
 */
@Provider
public final class StoreUnavailableMapper implements ExceptionMapper<StoreUnavailableException> {

    private final long retryAfterSeconds;

    public StoreUnavailableMapper(HttpSettings settings) {
        this.retryAfterSeconds = RetryAfter.seconds(Objects.requireNonNull(settings, "settings").storeRetryAfter());
    }

    @Override
    public Response toResponse(StoreUnavailableException unavailable) {
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("error", "store_unavailable");
        body.put("message", "The event store cannot be reached; retry after " + retryAfterSeconds + " s.");
        body.put("retry_after_seconds", retryAfterSeconds);
        return Response.fromResponse(JsonCodec.response(503, body)).header(RetryAfter.HEADER, retryAfterSeconds).build();
    }
}
