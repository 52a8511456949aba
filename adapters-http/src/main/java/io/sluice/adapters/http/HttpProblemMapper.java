package io.sluice.adapters.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Answers a refused request (bad JSON, too large, wrong media type, bad parameter, unknown id)
 * with its 4xx status and JSON error body. Stateless and thread-safe (the injected headers are
 * Jersey's proxy to the current request).
 *
 * <p>A 401's challenge is {@code Basic} for ordinary HTTP clients (Segment's libraries and curl
 * send the key as the Basic user name), and {@code Bearer} for a script in a browser: a request
 * marked {@code X-Requested-With: XMLHttpRequest} (the console marks every call) or one that
 * sent {@code Authorization: Bearer}. A browser answers a {@code Basic} challenge to a script's
 * request with its own sign-in prompt, which hid the console's "wrong key" message behind a
 * dialog; it shows none for {@code Bearer}.
 */
@Provider
public final class HttpProblemMapper implements ExceptionMapper<HttpProblem> {

    static final String CHALLENGE = "WWW-Authenticate";
    static final String BASIC_CHALLENGE = "Basic realm=\"sluice\", charset=\"UTF-8\"";
    static final String BEARER_CHALLENGE = "Bearer realm=\"sluice\"";

    @Context
    private HttpHeaders request;

    @Override
    public Response toResponse(HttpProblem problem) {
        Response response = JsonCodec.response(problem.status(), problem.body());
        if (problem.headers().isEmpty() && problem.status() != 401) {
            return response;
        }
        Response.ResponseBuilder withHeaders = Response.fromResponse(response);
        problem.headers().forEach(withHeaders::header);
        if (problem.status() == 401) {
            withHeaders.header(CHALLENGE, fromScript() ? BEARER_CHALLENGE : BASIC_CHALLENGE);
        }
        return withHeaders.build();
    }

    private boolean fromScript() {
        if (request == null) {
            return false;
        }
        String requestedWith = request.getHeaderString("X-Requested-With");
        if (requestedWith != null && requestedWith.equalsIgnoreCase("XMLHttpRequest")) {
            return true;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.stripLeading().toLowerCase(Locale.ROOT).startsWith("bearer ");
    }
}
