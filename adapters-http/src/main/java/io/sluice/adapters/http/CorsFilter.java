package io.sluice.adapters.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for browser clients: answers preflight requests ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) before any route matches, so they need no key, and adds
 * {@code Access-Control-Allow-Origin} to the answers of allowed origins, refusals (401, 429, 503)
 * included, so a browser can read why it was refused. Origins that are not allowed get no CORS
 * headers; the browser then keeps the answer from the page. Immutable and thread-safe.
 */
@PreMatching
public final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final String methods;
    private final String headers;
    private final long maxAgeSeconds;

    CorsFilter(HttpAccess.Cors cors) {
        this.anyOrigin = cors.allowedOrigins().contains("*");
        this.origins = cors.allowedOrigins().stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.methods = String.join(", ", cors.allowedMethods());
        this.headers = String.join(", ", cors.allowedHeaders());
        this.maxAgeSeconds = cors.maxAge().toSeconds();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (!HttpMethod.OPTIONS.equals(request.getMethod()) || origin == null
                || request.getHeaderString("Access-Control-Request-Method") == null) {
            return;
        }
        Response.ResponseBuilder preflight = Response.noContent();
        if (allowed(origin)) {
            preflight.header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", methods)
                    .header("Access-Control-Allow-Headers", headers)
                    .header("Access-Control-Max-Age", maxAgeSeconds);
        }
        request.abortWith(preflight.header("Vary", "Origin").build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        MultivaluedMap<String, Object> responseHeaders = response.getHeaders();
        if (origin == null || responseHeaders.containsKey("Access-Control-Allow-Origin") || !allowed(origin)) {
            return;
        }
        responseHeaders.putSingle("Access-Control-Allow-Origin", origin);
        responseHeaders.add("Vary", "Origin");
        responseHeaders.putSingle("Access-Control-Expose-Headers", String.join(", ", List.of("Retry-After", "WWW-Authenticate")));
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }
}
