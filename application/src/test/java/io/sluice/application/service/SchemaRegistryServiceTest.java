package io.sluice.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.in.RegisterSchemaCommand;
import io.sluice.application.port.in.SchemaRegistration;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.InvalidSchemaException;
import io.sluice.application.port.out.LoadSchemasPort;
import io.sluice.application.port.out.ReadSchemaPort;
import io.sluice.application.port.out.SaveSchemaPort;
import io.sluice.application.port.out.SchemaVersionTakenException;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SchemaViolation;
import io.sluice.domain.event.UserId;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import io.sluice.domain.schema.JsonType;
import io.sluice.domain.schema.PropertyShape;
import io.sluice.domain.schema.SchemaShape;
import io.sluice.domain.schema.UnknownEventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry's use cases and the gate, with in-memory fakes of the registry and the JSON Schema adapter. */
class SchemaRegistryServiceTest {

    private static final EventType PURCHASE = new EventType("purchase");
    /** Documents the fake reader understands: names of shapes. */
    private static final Map<String, SchemaShape> SHAPES = Map.of(
            "v1", new SchemaShape(Map.of("amount", PropertyShape.ANY.withTypes(Set.of(JsonType.NUMBER))), Set.of("amount"), true, Map.of()),
            "v1 again", new SchemaShape(Map.of("amount", PropertyShape.ANY.withTypes(Set.of(JsonType.NUMBER))), Set.of("amount"), true,
                    Map.of()),
            "needs currency", new SchemaShape(Map.of("amount", PropertyShape.ANY.withTypes(Set.of(JsonType.NUMBER))),
                    Set.of("amount", "currency"), true, Map.of()),
            "optional amount", new SchemaShape(Map.of("amount", PropertyShape.ANY.withTypes(Set.of(JsonType.NUMBER))), Set.of(), true,
                    Map.of()));

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final SchemaCatalog catalog = new SchemaCatalog(registry);
    private final SchemaRegistryService service = new SchemaRegistryService(new FakeReader(), registry, registry, catalog);

    private SchemaRegistration register(String document, CompatibilityMode mode, Enforcement enforcement) {
        return service.register(new RegisterSchemaCommand(PURCHASE, document, mode, enforcement, RegisterSchemaCommand.API));
    }

    @Test
    void versions_count_up_only_for_new_compatible_schemas() {
        assertThat(register("v1", CompatibilityMode.BACKWARD, Enforcement.BLOCK)).isEqualTo(new SchemaRegistration.Registered(1, true));
        assertThat(register("v1 again", CompatibilityMode.BACKWARD, Enforcement.WARN))
                .as("the same schema with another enforcement").isEqualTo(new SchemaRegistration.Registered(1, false));
        assertThat(registry.loadActive(PURCHASE).orElseThrow().enforcement()).isEqualTo(Enforcement.WARN);
        assertThat(register("needs currency", CompatibilityMode.BACKWARD, Enforcement.WARN)).isEqualTo(new SchemaRegistration.Incompatible(1,
                List.of("required property `currency` added: events valid under version 1 would be refused")));
        assertThat(register("optional amount", CompatibilityMode.BACKWARD, Enforcement.WARN))
                .isEqualTo(new SchemaRegistration.Registered(2, true));
        assertThat(registry.versions(PURCHASE)).containsExactly(1, 2);
        assertThat(register("not a schema", CompatibilityMode.NONE, Enforcement.WARN)).isInstanceOf(SchemaRegistration.Invalid.class);
        assertThat(catalog.find(PURCHASE).version()).as("applied to this instance at once").isEqualTo(2);
    }

    @Test
    void a_type_managed_by_the_directory_refuses_api_changes() {
        service.register(new RegisterSchemaCommand(PURCHASE, "v1", CompatibilityMode.BACKWARD, Enforcement.BLOCK,
                RegisterSchemaCommand.DIRECTORY));
        assertThat(register("optional amount", CompatibilityMode.BACKWARD, Enforcement.BLOCK))
                .isInstanceOf(SchemaRegistration.ManagedByDirectory.class);
    }

    @Test
    void the_gate_blocks_warns_or_passes_by_enforcement_and_policy() {
        register("v1", CompatibilityMode.BACKWARD, Enforcement.BLOCK);
        List<String> counted = new ArrayList<>();
        SchemaGate gate = new SchemaGate(catalog, (schema, properties) -> properties.get("amount") instanceof Number ? List.of()
                : List.of(new SchemaViolation("/amount", "type", "\"number\"", "string found, number expected")),
                UnknownEventTypes.BLOCK, (type, enforcement) -> counted.add(type + ":" + enforcement.label()));

        assertThat(gate.check(event("purchase", 5))).isInstanceOfSatisfying(SchemaGate.Passed.class,
                passed -> assertThat(passed.event().schema().version()).isEqualTo(1));
        assertThat(gate.check(event("purchase", "5"))).isInstanceOfSatisfying(SchemaGate.Refused.class, refused -> {
            assertThat(refused.detail()).isEqualTo("schema purchase version 1: /amount type (expected \"number\"): string found, number expected");
            assertThat(refused.violations().get(0).field()).isEqualTo("properties/amount");
        });
        assertThat(gate.check(event("signup", 1))).isInstanceOf(SchemaGate.Refused.class);

        register("v1", CompatibilityMode.BACKWARD, Enforcement.WARN);
        assertThat(gate.check(event("purchase", "5"))).isInstanceOfSatisfying(SchemaGate.Passed.class,
                passed -> assertThat(passed.event().schema().violations()).hasSize(1));
        register("v1", CompatibilityMode.BACKWARD, Enforcement.OFF);
        assertThat(gate.check(event("purchase", "5"))).isInstanceOfSatisfying(SchemaGate.Passed.class,
                passed -> assertThat(passed.event().schema().version()).isNull());
        assertThat(counted).containsExactly("purchase:block", "(unregistered):block", "purchase:warn");
    }

    private static Event event(String type, Object amount) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new Event(new EventId("e-" + type), new EventType(type), new UserId("u"), null, at, at, null,
                EventProperties.of(Map.of("amount", amount)), EventSource.NATIVE);
    }

    private static final class FakeReader implements ReadSchemaPort {
        @Override
        public ReadSchema read(String document) {
            SchemaShape shape = SHAPES.get(document);
            if (shape == null) {
                throw new InvalidSchemaException(List.of("unknown document " + document));
            }
            return new ReadSchema(shape, shape.toString());
        }
    }

    /** The registry tables in memory; the change marker counts writes. */
    private static final class InMemoryRegistry implements LoadSchemasPort, SaveSchemaPort {
        private final Map<EventType, ActiveSchema> active = new LinkedHashMap<>();
        private final Map<String, String> documents = new LinkedHashMap<>();
        private long changes;

        @Override
        public synchronized long changeMarker() {
            return changes;
        }

        @Override
        public synchronized List<ActiveSchema> loadActive() {
            return List.copyOf(active.values());
        }

        @Override
        public synchronized Optional<ActiveSchema> loadActive(EventType type) {
            return Optional.ofNullable(active.get(type));
        }

        @Override
        public synchronized List<Integer> versions(EventType type) {
            List<Integer> versions = new ArrayList<>();
            documents.keySet().stream().filter(k -> k.startsWith(type.value() + "@"))
                    .forEach(k -> versions.add(Integer.parseInt(k.substring(k.indexOf('@') + 1))));
            return versions;
        }

        @Override
        public synchronized Optional<String> loadVersion(EventType type, int version) {
            return Optional.ofNullable(documents.get(type.value() + "@" + version));
        }

        @Override
        public synchronized void saveVersion(ActiveSchema schema) {
            if (documents.putIfAbsent(schema.type().value() + "@" + schema.version(), schema.document()) != null) {
                throw new SchemaVersionTakenException("taken");
            }
            saveSettings(schema);
        }

        @Override
        public synchronized void saveSettings(ActiveSchema schema) {
            active.put(schema.type(), schema);
            changes++;
        }
    }
}
