package io.sluice.application.service;

import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.ObserveSchemaViolationsPort;
import io.sluice.application.port.out.ValidateEventSchemaPort;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.SchemaViolation;
import io.sluice.domain.event.Violation;
import io.sluice.domain.schema.Enforcement;
import io.sluice.domain.schema.UnknownEventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Applies an event type's registered schema to a valid event, the same way on every way in
 * (ingress, the consumer for foreign Kafka records, replay): enforcement {@code off} passes it
 * unstamped, {@code warn} stamps it with the version and any violations, {@code block} refuses it
 * when it has violations. Types without a schema follow {@link UnknownEventTypes}. Thread-safe.
 */
public final class SchemaGate {

    /** The label of metrics for events of types without a schema (keeps label values bounded). */
    public static final String UNREGISTERED = "(unregistered)";

    private final SchemaCatalog catalog;
    private final ValidateEventSchemaPort validator;
    private final UnknownEventTypes unknownTypes;
    private final ObserveSchemaViolationsPort observe;

    public SchemaGate(SchemaCatalog catalog, ValidateEventSchemaPort validator, UnknownEventTypes unknownTypes,
                      ObserveSchemaViolationsPort observe) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.validator = validator;
        this.unknownTypes = Objects.requireNonNull(unknownTypes, "unknownTypes");
        this.observe = Objects.requireNonNull(observe, "observe");
    }

    /** A gate that lets every event through unchecked (no registry wired). */
    public static SchemaGate open() {
        return new SchemaGate(SchemaCatalog.empty(), null, UnknownEventTypes.ALLOW, ObserveSchemaViolationsPort.NONE);
    }

    /** What became of an event at the gate. */
    public sealed interface Decision permits Passed, Refused {
    }

    /** Let through, stamped with what the check found. */
    public record Passed(Event event) implements Decision {
    }

    /**
     * Refused (enforcement {@code block}, or an unknown type under {@code block}).
     *
     * @param detail     the dead letter's detail: the schema and version, then every violation
     * @param violations the per-item errors for the client
     */
    public record Refused(String detail, List<Violation> violations) implements Decision {
    }

    public Decision check(Event event) {
        ActiveSchema schema = catalog.find(event.type());
        if (schema == null) {
            return unknown(event);
        }
        if (schema.enforcement() == Enforcement.OFF) {
            return new Passed(event);
        }
        List<SchemaViolation> found = validator.validate(schema, event.properties());
        if (found.isEmpty()) {
            return new Passed(event.withSchema(new SchemaStamp(schema.version(), List.of())));
        }
        observe.violated(event.type().value(), schema.enforcement());
        if (schema.enforcement() == Enforcement.WARN) {
            return new Passed(event.withSchema(new SchemaStamp(schema.version(), found)));
        }
        String name = "schema " + event.type().value() + " version " + schema.version();
        List<Violation> violations = new ArrayList<>(found.size());
        for (SchemaViolation violation : found) {
            violations.add(violation.asViolation(name));
        }
        return new Refused(name + ": " + found.stream().map(SchemaViolation::toString).collect(Collectors.joining("; ")), violations);
    }

    private Decision unknown(Event event) {
        if (unknownTypes == UnknownEventTypes.ALLOW) {
            return new Passed(event);
        }
        String message = "no schema is registered for event type `" + event.type().value() + "`";
        if (unknownTypes == UnknownEventTypes.WARN) {
            observe.violated(UNREGISTERED, Enforcement.WARN);
            return new Passed(event.withSchema(new SchemaStamp(null,
                    List.of(new SchemaViolation("", "eventType", "a registered event type", message)))));
        }
        observe.violated(UNREGISTERED, Enforcement.BLOCK);
        return new Refused(message + " (unknown event types are blocked)", List.of(new Violation("event_type", message)));
    }
}
