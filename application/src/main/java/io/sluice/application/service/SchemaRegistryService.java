package io.sluice.application.service;

import io.sluice.application.port.in.QuerySchemasUseCase;
import io.sluice.application.port.in.RegisterSchemaCommand;
import io.sluice.application.port.in.RegisterSchemaUseCase;
import io.sluice.application.port.in.SchemaRegistration;
import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.InvalidSchemaException;
import io.sluice.application.port.out.LoadSchemasPort;
import io.sluice.application.port.out.ReadSchemaPort;
import io.sluice.application.port.out.SaveSchemaPort;
import io.sluice.application.port.out.SchemaVersionTakenException;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityCheck;
import io.sluice.domain.schema.CompatibilityVerdict;
import java.util.List;
import java.util.Optional;

/**
 * The schema registry's use cases. A registration is checked against the latest version in the
 * database (not a cache), stored as the next version, and applied to this instance's catalog at
 * once; other instances pick it up from the change marker. Thread-safe.
 */
public final class SchemaRegistryService implements RegisterSchemaUseCase, QuerySchemasUseCase {

    private final ReadSchemaPort reader;
    private final LoadSchemasPort load;
    private final SaveSchemaPort save;
    private final SchemaCatalog catalog;

    public SchemaRegistryService(ReadSchemaPort reader, LoadSchemasPort load, SaveSchemaPort save, SchemaCatalog catalog) {
        this.reader = reader;
        this.load = load;
        this.save = save;
        this.catalog = catalog;
    }

    @Override
    public SchemaRegistration register(RegisterSchemaCommand command) {
        ReadSchemaPort.ReadSchema next;
        try {
            next = reader.read(command.document());
        } catch (InvalidSchemaException invalid) {
            return new SchemaRegistration.Invalid(invalid.problems());
        }
        Optional<ActiveSchema> current = load.loadActive(command.type());
        if (current.isPresent() && RegisterSchemaCommand.DIRECTORY.equals(current.get().origin())
                && RegisterSchemaCommand.API.equals(command.origin())) {
            return new SchemaRegistration.ManagedByDirectory("event type `" + command.type().value()
                    + "` is managed by the schema directory (schemas.directory): change its file there and restart");
        }
        SchemaRegistration outcome;
        if (current.isEmpty()) {
            outcome = saveVersion(command, next, 1);
        } else {
            ActiveSchema latest = current.get();
            ReadSchemaPort.ReadSchema before = reader.read(latest.document());
            if (before.canonical().equals(next.canonical())) {
                save.saveSettings(new ActiveSchema(command.type(), latest.version(), latest.document(), command.compatibility(),
                        command.enforcement(), command.origin()));
                outcome = new SchemaRegistration.Registered(latest.version(), false);
            } else {
                CompatibilityVerdict verdict = CompatibilityCheck.check(before.shape(), latest.version(), next.shape(),
                        command.compatibility());
                outcome = verdict.compatible() ? saveVersion(command, next, latest.version() + 1)
                        : new SchemaRegistration.Incompatible(latest.version(), verdict.reasons());
            }
        }
        if (outcome instanceof SchemaRegistration.Registered) {
            catalog.refresh();
        }
        return outcome;
    }

    private SchemaRegistration saveVersion(RegisterSchemaCommand command, ReadSchemaPort.ReadSchema next, int version) {
        try {
            save.saveVersion(new ActiveSchema(command.type(), version, command.document(), command.compatibility(),
                    command.enforcement(), command.origin()));
            return new SchemaRegistration.Registered(version, true);
        } catch (SchemaVersionTakenException raced) {
            return new SchemaRegistration.Incompatible(version - 1, List.of("version " + version + " of `" + command.type().value()
                    + "` was registered concurrently: check it and send your schema again"));
        }
    }

    @Override
    public List<ActiveSchema> list() {
        return load.loadActive();
    }

    @Override
    public Optional<SchemaDetails> find(EventType type) {
        return load.loadActive(type).map(latest -> new SchemaDetails(latest, load.versions(type)));
    }

    @Override
    public Optional<String> version(EventType type, int version) {
        return load.loadVersion(type, version);
    }
}
