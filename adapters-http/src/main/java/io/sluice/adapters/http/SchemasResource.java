package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.application.port.in.QuerySchemasUseCase;
import io.sluice.application.port.in.RegisterSchemaCommand;
import io.sluice.application.port.in.RegisterSchemaUseCase;
import io.sluice.application.port.in.SchemaRegistration;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The schema registry (tracking plans): {@code PUT /v1/schemas/{event_type}} with an admin key,
 * reads with a read key. A PUT answers 201 with a new version, 200 when only the modes changed,
 * 409 with the reasons a schema is incompatible, 422 for a document that is not a usable JSON
 * Schema. Immutable and thread-safe.
 */
@Path("/v1/schemas")
@Produces(MediaType.APPLICATION_JSON)
public final class SchemasResource {

    private final RegisterSchemaUseCase register;
    private final QuerySchemasUseCase query;

    public SchemasResource(RegisterSchemaUseCase register, QuerySchemasUseCase query) {
        this.register = Objects.requireNonNull(register, "register");
        this.query = Objects.requireNonNull(query, "query");
    }

    @PUT
    @Path("{event_type}")
    @Consumes(MediaType.WILDCARD)
    @Access(Access.Level.ADMIN)
    public Response put(@PathParam("event_type") String eventType, String body) {
        EventType type = type(eventType);
        Map<String, Object> request;
        try {
            request = JsonCodec.MAP_READER.readValue(body == null ? "" : body);
        } catch (JsonProcessingException malformed) {
            throw HttpProblem.malformedJson(malformed);
        }
        if (request == null) {
            throw HttpProblem.invalidBody("schema", "is required: send {\"schema\": {…}, \"compatibility\": …, \"enforcement\": …}");
        }
        Object schema = request.get("schema");
        if (!(schema instanceof Map<?, ?>) && !(schema instanceof Boolean)) {
            throw HttpProblem.invalidBody("schema", "is required and is a JSON Schema (an object)");
        }
        CompatibilityMode compatibility = label(request, "compatibility", "backward", CompatibilityMode::fromLabel);
        Enforcement enforcement = label(request, "enforcement", "warn", Enforcement::fromLabel);
        String document;
        try {
            document = JsonCodec.MAPPER.writeValueAsString(schema);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        SchemaRegistration outcome = register.register(new RegisterSchemaCommand(type, document, compatibility, enforcement,
                RegisterSchemaCommand.API));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("event_type", type.value());
        if (outcome instanceof SchemaRegistration.Registered registered) {
            answer.put("version", registered.version());
            answer.put("created", registered.created());
            answer.put("compatibility", compatibility.label());
            answer.put("enforcement", enforcement.label());
            return JsonCodec.response(registered.created() ? 201 : 200, answer);
        }
        if (outcome instanceof SchemaRegistration.Incompatible incompatible) {
            answer.put("error", "incompatible_schema");
            answer.put("message", "The schema is not " + compatibility.label() + "-compatible with version "
                    + incompatible.latestVersion() + ": " + String.join("; ", incompatible.reasons()));
            answer.put("latest_version", incompatible.latestVersion());
            answer.put("reasons", incompatible.reasons());
            return JsonCodec.response(409, answer);
        }
        if (outcome instanceof SchemaRegistration.Invalid invalid) {
            answer.put("error", "invalid_schema");
            answer.put("message", "The schema is not a usable JSON Schema (2020-12): " + String.join("; ", invalid.problems()));
            answer.put("problems", invalid.problems());
            return JsonCodec.response(422, answer);
        }
        SchemaRegistration.ManagedByDirectory managed = (SchemaRegistration.ManagedByDirectory) outcome;
        answer.put("error", "managed_by_directory");
        answer.put("message", managed.message());
        return JsonCodec.response(409, answer);
    }

    @GET
    @Access(Access.Level.READ)
    public Response list() {
        List<Map<String, Object>> views = new ArrayList<>();
        for (ActiveSchema schema : query.list()) {
            views.add(summary(schema));
        }
        return JsonCodec.ok(Map.of("schemas", views));
    }

    @GET
    @Path("{event_type}")
    @Access(Access.Level.READ)
    public Response find(@PathParam("event_type") String eventType) {
        EventType type = type(eventType);
        QuerySchemasUseCase.SchemaDetails details = query.find(type)
                .orElseThrow(() -> HttpProblem.notFound("A schema for event type '" + type.value() + "'"));
        Map<String, Object> view = summary(details.latest());
        view.put("versions", details.versions());
        view.put("schema", document(details.latest().document()));
        return JsonCodec.ok(view);
    }

    @GET
    @Path("{event_type}/versions/{version}")
    @Access(Access.Level.READ)
    public Response version(@PathParam("event_type") String eventType, @PathParam("version") String version) {
        EventType type = type(eventType);
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException notANumber) {
            throw HttpProblem.invalidParameter("version", "is a version number (1, 2, …)");
        }
        String document = query.version(type, number)
                .orElseThrow(() -> HttpProblem.notFound("Version " + number + " of the schema of '" + type.value() + "'"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("event_type", type.value());
        view.put("version", number);
        view.put("schema", document(document));
        return JsonCodec.ok(view);
    }

    private static Map<String, Object> summary(ActiveSchema schema) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("event_type", schema.type().value());
        view.put("version", schema.version());
        view.put("compatibility", schema.compatibility().label());
        view.put("enforcement", schema.enforcement().label());
        view.put("managed_by", schema.origin());
        return view;
    }

    private static Object document(String text) {
        try {
            return JsonCodec.VALUE_READER.readValue(text);
        } catch (JsonProcessingException stored) {
            throw new IllegalStateException("a stored schema is not JSON", stored);
        }
    }

    private static EventType type(String text) {
        try {
            return new EventType(text);
        } catch (IllegalArgumentException invalid) {
            throw HttpProblem.invalidParameter("event_type", "is 1 to " + EventType.MAX_LENGTH + " printable characters");
        }
    }

    private static <T> T label(Map<String, Object> request, String field, String fallback, java.util.function.Function<String, T> parse) {
        Object value = request.getOrDefault(field, fallback);
        try {
            return parse.apply(String.valueOf(value));
        } catch (IllegalArgumentException invalid) {
            throw HttpProblem.invalidBody(field, invalid.getMessage());
        }
    }
}
