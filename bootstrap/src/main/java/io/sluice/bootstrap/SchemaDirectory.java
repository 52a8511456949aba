package io.sluice.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.application.port.in.RegisterSchemaCommand;
import io.sluice.application.port.in.SchemaRegistration;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.LoadSchemasPort;
import io.sluice.application.port.out.SaveSchemaPort;
import io.sluice.application.service.SchemaRegistryService;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitOps loading: at start-up every {@code <event_type>.json} file of the schema directory (the
 * body of {@code PUT /v1/schemas/{event_type}}) is registered through the same use case as the
 * API, marked as managed by the directory. The two never silently disagree: a file that is
 * invalid or incompatible with the registered latest version stops the start-up with the reason;
 * the API refuses changes to a directory-managed type (409 {@code managed_by_directory}); a type
 * whose file was removed goes back to being managed by the API, with a warning. Not thread-safe:
 * run once, at start-up.
 */
final class SchemaDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaDirectory() {
    }

    static void load(Path directory, SchemaRegistryService registry, LoadSchemasPort load, SaveSchemaPort save) throws IOException {
        Set<EventType> loaded = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                loaded.add(loadFile(file, registry));
            }
        }
        for (ActiveSchema schema : load.loadActive()) {
            if (RegisterSchemaCommand.DIRECTORY.equals(schema.origin()) && !loaded.contains(schema.type())) {
                LOG.warn("Schema of '{}' was loaded from the schema directory, which no longer has its file: the API manages it now",
                        schema.type().value());
                save.saveSettings(new ActiveSchema(schema.type(), schema.version(), schema.document(), schema.compatibility(),
                        schema.enforcement(), RegisterSchemaCommand.API));
            }
        }
    }

    private static EventType loadFile(Path file, SchemaRegistryService registry) throws IOException {
        String name = file.getFileName().toString();
        JsonNode body = JSON.readTree(file.toFile());
        if (body == null || !body.isObject() || !body.has("schema")) {
            throw new IllegalStateException("Schema file " + file + " is not {\"schema\": {…}, \"compatibility\": …, \"enforcement\": …}");
        }
        EventType type = new EventType(body.path("event_type").asText(name.substring(0, name.length() - ".json".length())));
        RegisterSchemaCommand command = new RegisterSchemaCommand(type, JSON.writeValueAsString(body.get("schema")),
                CompatibilityMode.fromLabel(body.path("compatibility").asText("backward")),
                Enforcement.fromLabel(body.path("enforcement").asText("warn")), RegisterSchemaCommand.DIRECTORY);
        SchemaRegistration outcome = registry.register(command);
        if (outcome instanceof SchemaRegistration.Registered registered) {
            LOG.info("Schema of '{}' from {}: version {}{}", type.value(), file, registered.version(),
                    registered.created() ? " (new)" : " (unchanged)");
            return type;
        }
        String why = outcome instanceof SchemaRegistration.Incompatible incompatible ? String.join("; ", incompatible.reasons())
                : outcome instanceof SchemaRegistration.Invalid invalid ? String.join("; ", invalid.problems()) : outcome.toString();
        throw new IllegalStateException("Schema file " + file + " disagrees with the registry and cannot be applied: " + why);
    }
}
