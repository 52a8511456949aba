package io.sluice.adapters.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Answers a seed route's invalid request as FastAPI does: 422 {@code {"detail":[…]}}. Stateless and thread-safe. */
@Provider
public final class FastApiValidationMapper implements ExceptionMapper<FastApiValidation> {

    @Override
    public Response toResponse(FastApiValidation invalid) {
        return JsonCodec.response(422, Map.of("detail", invalid.detail()));
    }
}
