package io.sluice.adapters.http;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The API's own documents: {@code GET /openapi.json}, an OpenAPI 3 document generated once, at
 * start-up, by swagger-core from the resources' JAX-RS and OpenAPI annotations; and
 * {@code GET /docs}, Swagger UI (from the {@code org.webjars:swagger-ui} jar) showing it. Public:
 * they describe the API, they hold no data. Immutable and thread-safe.
 */
@Path("/")
@Hidden
public final class ApiDocsResource {

    /** Swagger UI's version, as packaged in the webjar (kept in step with adapters-http's pom). */
    static final String SWAGGER_UI_VERSION = "5.32.0";
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION + "/";
    private static final Map<String, String> TYPES = Map.of("js", "application/javascript", "css", "text/css",
            "png", "image/png", "html", "text/html", "map", "application/json");

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="UTF-8">
              <title>Sluice API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script>
                window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
              </script>
            </body>
            </html>
            """;

    private final String document;

    ApiDocsResource(Set<Class<?>> resources) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("Sluice").version("1")
                        .description("Durable event ingestion: HTTP → buffer → PostgreSQL, exactly once. Write routes take a write key "
                                + "(HTTP Basic user name, Bearer, X-Write-Key); read routes always take a read key."))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
        this.document = Json.pretty(new Reader(base).read(new LinkedHashSet<>(resources)));
    }

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Access(Access.Level.PUBLIC)
    public Response openApi() {
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("docs")
    @Produces(MediaType.TEXT_HTML)
    @Access(Access.Level.PUBLIC)
    public Response page() {
        return Response.ok(PAGE, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    /** Swagger UI's own files; a name with a path in it, or one the webjar lacks, is not found. */
    @GET
    @Path("docs/{file: [A-Za-z0-9._-]+}")
    @Access(Access.Level.PUBLIC)
    public Response asset(@PathParam("file") String file) {
        if (file.contains("..")) {
            throw HttpProblem.notFound("'" + file + "'");
        }
        if (file.equals("index.html")) {
            return Response.seeOther(URI.create("/docs")).build();
        }
        InputStream content = ApiDocsResource.class.getResourceAsStream(WEBJAR + file);
        if (content == null) {
            throw HttpProblem.notFound("'" + file + "'");
        }
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return Response.ok(content, TYPES.getOrDefault(extension, MediaType.APPLICATION_OCTET_STREAM))
                .header("Cache-Control", "public, max-age=86400").build();
    }
}
