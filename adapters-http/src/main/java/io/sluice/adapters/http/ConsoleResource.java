package io.sluice.adapters.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /console}: the browser console, static files from this jar (its own under
 * {@code /console/} and uPlot from the {@code org.webjars.npm:uplot} jar). Public, like the API
 * documents: the page holds no data, and every call it makes presents the key the user typed.
 * Every answer forbids framing and scripts, styles or connections from anywhere but this origin.
 * Immutable and thread-safe.
 */
@Path("/console")
public final class ConsoleResource {

    /** uPlot's version, as packaged in the webjar (kept in step with adapters-http's pom). */
    static final String UPLOT_VERSION = "1.6.30";
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> FILES = Map.of(
            "console.js", "/console/console.js",
            "console.css", "/console/console.css",
            "uPlot.iife.min.js", "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.iife.min.js",
            "uPlot.min.css", "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.min.css");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8");

    @GET
    @Access(Access.Level.PUBLIC)
    public Response page() {
        return guarded(Response.ok(read("/console/index.html"), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")))
                .header("Cache-Control", "no-cache").build();
    }

    /** The console's own files and uPlot's; any other name is not found (no paths, no directory listing). */
    @GET
    @Path("{file}")
    @Access(Access.Level.PUBLIC)
    public Response asset(@PathParam("file") String file) {
        String resource = FILES.get(file);
        if (resource == null) {
            throw HttpProblem.notFound("'" + file + "'");
        }
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        return guarded(Response.ok(read(resource), type)).header("Cache-Control", "no-cache").build();
    }

    private static Response.ResponseBuilder guarded(Response.ResponseBuilder response) {
        return response.header("Content-Security-Policy", POLICY)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
