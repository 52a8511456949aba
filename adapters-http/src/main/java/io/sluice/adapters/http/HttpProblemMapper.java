package io.sluice.adapters.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a refused request (bad JSON, too large, wrong media type, bad parameter, unknown id)
 * with its 4xx status and JSON error body. Stateless and thread-safe.
 */
@Provider
public final class HttpProblemMapper implements ExceptionMapper<HttpProblem> {

    @Override
    public Response toResponse(HttpProblem problem) {
        Response response = JsonCodec.response(problem.status(), problem.body());
        if (problem.headers().isEmpty()) {
            return response;
        }
        Response.ResponseBuilder withHeaders = Response.fromResponse(response);
        problem.headers().forEach(withHeaders::header);
        return withHeaders.build();
    }
}
