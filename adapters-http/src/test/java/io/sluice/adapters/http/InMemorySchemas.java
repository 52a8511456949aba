package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.in.QuerySchemasUseCase;
import io.sluice.application.port.in.RegisterSchemaCommand;
import io.sluice.application.port.in.RegisterSchemaUseCase;
import io.sluice.application.port.in.SchemaRegistration;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schema registry's use cases in memory, with just enough of the real rules for the HTTP
 * routes to give every answer they can give: a {@code "type"} that is not a JSON type is an
 * invalid schema; under backward or full compatibility a newly required property is
 * incompatible; the latest document again changes only the modes; a type marked as managed by
 * the directory refuses API changes. The real rules are the application's and the JSON Schema
 * adapter's, tested there. Thread-safe (synchronized).
 */
final class InMemorySchemas implements RegisterSchemaUseCase, QuerySchemasUseCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JSON_TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");

    private final Map<EventType, List<String>> versions = new LinkedHashMap<>();
    private final Map<EventType, ActiveSchema> latest = new LinkedHashMap<>();
    private final Set<EventType> directory = new HashSet<>();
    private boolean down;

    synchronized void manageByDirectory(EventType type) {
        directory.add(type);
    }

    synchronized void goDown() {
        down = true;
    }

    @Override
    public synchronized SchemaRegistration register(RegisterSchemaCommand command) {
        checkUp();
        EventType type = command.type();
        if (directory.contains(type)) {
            return new SchemaRegistration.ManagedByDirectory("The schema of '" + type.value()
                    + "' comes from the schema directory: change the file there.");
        }
        JsonNode schema = tree(command.document());
        JsonNode declared = schema.path("type");
        if (!declared.isMissingNode() && !(declared.isTextual() && JSON_TYPES.contains(declared.asText()))) {
            return new SchemaRegistration.Invalid(List.of("/type: " + declared + " is not a JSON type"));
        }
        List<String> documents = versions.computeIfAbsent(type, none -> new ArrayList<>());
        boolean created = documents.isEmpty() || !tree(documents.get(documents.size() - 1)).equals(schema);
        if (created && !documents.isEmpty() && checksOldEvents(command.compatibility())) {
            List<String> reasons = newlyRequired(tree(documents.get(documents.size() - 1)), schema);
            if (!reasons.isEmpty()) {
                return new SchemaRegistration.Incompatible(documents.size(), reasons);
            }
        }
        if (created) {
            documents.add(command.document());
        }
        latest.put(type, new ActiveSchema(type, documents.size(), documents.get(documents.size() - 1), command.compatibility(),
                command.enforcement(), command.origin()));
        return new SchemaRegistration.Registered(documents.size(), created);
    }

    @Override
    public synchronized List<ActiveSchema> list() {
        checkUp();
        return List.copyOf(latest.values());
    }

    @Override
    public synchronized Optional<SchemaDetails> find(EventType type) {
        checkUp();
        ActiveSchema schema = latest.get(type);
        if (schema == null) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        for (int number = 1; number <= versions.get(type).size(); number++) {
            numbers.add(number);
        }
        return Optional.of(new SchemaDetails(schema, numbers));
    }

    @Override
    public synchronized Optional<String> version(EventType type, int version) {
        checkUp();
        List<String> documents = versions.getOrDefault(type, List.of());
        return version >= 1 && version <= documents.size() ? Optional.of(documents.get(version - 1)) : Optional.empty();
    }

    private static boolean checksOldEvents(CompatibilityMode mode) {
        return mode == CompatibilityMode.BACKWARD || mode == CompatibilityMode.FULL;
    }

    private static List<String> newlyRequired(JsonNode before, JsonNode after) {
        Set<String> required = new HashSet<>();
        before.path("required").forEach(name -> required.add(name.asText()));
        List<String> reasons = new ArrayList<>();
        after.path("required").forEach(name -> {
            if (!required.contains(name.asText())) {
                reasons.add("required property `" + name.asText() + "` added");
            }
        });
        return reasons;
    }

    private void checkUp() {
        if (down) {
            throw new StoreUnavailableException("the schema registry is down (test)", null);
        }
    }

    private static JsonNode tree(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException notJson) {
            throw new IllegalArgumentException(notJson);
        }
    }
}
