package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's own documents: {@code GET /openapi.json}, the OpenAPI 3 document maintained by hand in
 * {@code openapi.yaml} next to this class (request and response schemas, every status with its
 * error body, the key each operation takes), read once at start-up; and {@code GET /docs}, Swagger
 * UI (from the {@code org.webjars:swagger-ui} jar) showing it. Hand-written because the resources
 * read raw bodies and build their answers as maps, which no generator can see through; the tests
 * hold it to the routes and to their real answers. Public: they describe the API, they hold no
 * data. Immutable and thread-safe.
 */
@Path("/")
public final class ApiDocsResource {

    /** The document's source, a resource next to this class. */
    static final String SOURCE = "openapi.yaml";
    /** On a path item: the route is served with and without a trailing slash; both are listed. */
    static final String TRAILING_SLASH = "x-also-with-trailing-slash";
    /** Marks a seed read route: open wherever ingestion is, a read key where write keys are required. */
    static final String SEED_READ = "x-open-when-writes-are";
    private static final String WRITE_SCHEME_PREFIX = "writeKey";

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

    /**
     * @param writeKeyRequired whether write routes refuse a request without a key; when not, their
     *                         operations list the anonymous alternative too, so the document is true
     *                         of this server
     */
    ApiDocsResource(boolean writeKeyRequired) {
        this.document = render(writeKeyRequired);
    }

    /** The document as served, in pretty-printed JSON. */
    static String render(boolean writeKeyRequired) {
        ObjectNode openApi = read();
        ObjectNode paths = (ObjectNode) openApi.get("paths");
        ObjectNode served = JsonCodec.MAPPER.createObjectNode();
        paths.fields().forEachRemaining(entry -> {
            ObjectNode item = (ObjectNode) entry.getValue();
            boolean withSlash = item.path(TRAILING_SLASH).asBoolean(false);
            item.remove(TRAILING_SLASH);
            openWhereWritesAre(item, writeKeyRequired);
            served.set(entry.getKey(), item);
            if (withSlash) {
                ObjectNode copy = item.deepCopy();
                copy.fields().forEachRemaining(operation -> {
                    ObjectNode body = (ObjectNode) operation.getValue();
                    body.put("operationId", body.path("operationId").asText() + "WithSlash");
                });
                served.set(entry.getKey() + "/", copy);
            }
        });
        openApi.set("paths", served);
        try {
            return JsonCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(openApi);
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** Read with SnakeYAML, which resolves the anchors the document uses for repeated parts. */
    private static ObjectNode read() {
        try (InputStream yaml = ApiDocsResource.class.getResourceAsStream(SOURCE)) {
            if (yaml == null) {
                throw new IllegalStateException(SOURCE + " is missing from the classpath");
            }
            LoaderOptions options = new LoaderOptions();
            Object tree = new Yaml(new SafeConstructor(options)).load(yaml);
            // A fresh tree, not the aliased maps, so that changing one operation changes no other.
            return (ObjectNode) JsonCodec.MAPPER.readTree(JsonCodec.MAPPER.writeValueAsBytes(tree));
        } catch (IOException broken) {
            throw new UncheckedIOException("reading " + SOURCE + " failed", broken);
        }
    }

    /**
     * Write operations, and the seeds' reads marked {@value #SEED_READ}, take no key when write keys
     * are not required: their operations then list the anonymous alternative too.
     */
    private static void openWhereWritesAre(ObjectNode item, boolean writeKeyRequired) {
        item.fields().forEachRemaining(operation -> {
            ObjectNode body = (ObjectNode) operation.getValue();
            boolean seedRead = body.path(SEED_READ).asBoolean(false);
            body.remove(SEED_READ);
            JsonNode security = body.path("security");
            if (!writeKeyRequired && security instanceof ArrayNode alternatives && (seedRead || writeOperation(alternatives))) {
                alternatives.addObject();
            }
        });
    }

    private static boolean writeOperation(ArrayNode alternatives) {
        List<String> schemes = new ArrayList<>();
        alternatives.forEach(alternative -> alternative.fieldNames().forEachRemaining(schemes::add));
        return !schemes.isEmpty() && schemes.stream().allMatch(scheme -> scheme.startsWith(WRITE_SCHEME_PREFIX));
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
