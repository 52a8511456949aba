package io.sluice.adapters.http;

import io.sluice.application.port.out.BufferBacklogFullException;
import io.sluice.application.port.out.DiskSpaceLowException;
import io.sluice.application.port.out.BufferRefusedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a request the buffer refused with 503 {@code buffer_unavailable} and a
 * {@code Retry-After} in whole seconds from the refusal: nothing of the request was acknowledged,
 * so the client must send it again. Does not log: under an outage every request would, and the
 * use case already counts refusals. Stateless and thread-safe.
 */
@Provider
public final class BufferRefusedMapper implements ExceptionMapper<BufferRefusedException> {

    @Override
    public Response toResponse(BufferRefusedException refused) {
        long seconds = RetryAfter.seconds(refused.retryAfter());
        String why = refused instanceof BufferBacklogFullException ? "the buffer's backlog is full"
                : refused instanceof DiskSpaceLowException ? "free disk space is under the configured floor"
                : "the buffer is unavailable";
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("error", "buffer_unavailable");
        body.put("message", "Nothing was accepted because " + why + "; retry the whole request after " + seconds + " s.");
        body.put("retry_after_seconds", seconds);
        return Response.fromResponse(JsonCodec.response(503, body)).header(RetryAfter.HEADER, seconds).build();
    }
}
