package io.sluice.adapters.postgres;

import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.LoadSchemasPort;
import io.sluice.application.port.out.SaveSchemaPort;
import io.sluice.application.port.out.SchemaVersionTakenException;
import io.sluice.domain.event.EventType;
import io.sluice.domain.schema.CompatibilityMode;
import io.sluice.domain.schema.Enforcement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The schema registry in PostgreSQL ({@code event_schemas}, {@code event_schema_versions}, V4).
 * A new version and the type's latest-version row are written in one transaction; the primary
 * key of the versions table makes two concurrent registrations of the same number fail one of
 * them. Thread-safe.
 */
public final class SchemaRegistryStore implements LoadSchemasPort, SaveSchemaPort {

    private static final String ACTIVE = """
            SELECT s.event_type, s.latest_version, v.document, s.compatibility, s.enforcement, s.origin
            FROM event_schemas s JOIN event_schema_versions v ON v.event_type = s.event_type AND v.version = s.latest_version
            """;

    private final Jdbi jdbi;

    public SchemaRegistryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public long changeMarker() {
        return StoreFailures.guard("read the schema change marker", () -> jdbi.withHandle(h ->
                h.createQuery("SELECT coalesce(sum(change), 0)::bigint + count(*) FROM event_schemas").mapTo(Long.class).one()));
    }

    @Override
    public List<ActiveSchema> loadActive() {
        return StoreFailures.guard("load schemas", () -> jdbi.withHandle(h ->
                h.createQuery(ACTIVE + " ORDER BY s.event_type").map(SchemaRegistryStore::active).list()));
    }

    @Override
    public Optional<ActiveSchema> loadActive(EventType type) {
        return StoreFailures.guard("load a schema", () -> jdbi.withHandle(h ->
                h.createQuery(ACTIVE + " WHERE s.event_type = :type").bind("type", type.value())
                        .map(SchemaRegistryStore::active).findOne()));
    }

    @Override
    public List<Integer> versions(EventType type) {
        return StoreFailures.guard("list schema versions", () -> jdbi.withHandle(h ->
                h.createQuery("SELECT version FROM event_schema_versions WHERE event_type = :type ORDER BY version")
                        .bind("type", type.value()).mapTo(Integer.class).list()));
    }

    @Override
    public Optional<String> loadVersion(EventType type, int version) {
        return StoreFailures.guard("load a schema version", () -> jdbi.withHandle(h ->
                h.createQuery("SELECT document FROM event_schema_versions WHERE event_type = :type AND version = :version")
                        .bind("type", type.value()).bind("version", version).mapTo(String.class).findOne()));
    }

    @Override
    public void saveVersion(ActiveSchema schema) {
        boolean added = StoreFailures.guard("register a schema version", () -> jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("""
                            INSERT INTO event_schema_versions (event_type, version, document) VALUES (:type, :version, :document)
                            ON CONFLICT DO NOTHING""")
                    .bind("type", schema.type().value()).bind("version", schema.version()).bind("document", schema.document())
                    .execute();
            if (inserted == 0) {
                return false;
            }
            upsert(h, schema);
            return true;
        }));
        if (!added) {
            throw new SchemaVersionTakenException("version " + schema.version() + " of " + schema.type().value() + " exists");
        }
    }

    @Override
    public void saveSettings(ActiveSchema schema) {
        StoreFailures.guard("change a schema's modes", () -> jdbi.inTransaction(h -> {
            upsert(h, schema);
            return null;
        }));
    }

    private static void upsert(org.jdbi.v3.core.Handle h, ActiveSchema schema) {
        h.createUpdate("""
                        INSERT INTO event_schemas (event_type, latest_version, compatibility, enforcement, origin)
                        VALUES (:type, :version, :compatibility, :enforcement, :origin)
                        ON CONFLICT (event_type) DO UPDATE SET latest_version = excluded.latest_version,
                            compatibility = excluded.compatibility, enforcement = excluded.enforcement, origin = excluded.origin,
                            updated_at = now(), change = nextval('event_schema_changes')""")
                .bind("type", schema.type().value()).bind("version", schema.version())
                .bind("compatibility", schema.compatibility().label()).bind("enforcement", schema.enforcement().label())
                .bind("origin", schema.origin()).execute();
    }

    private static ActiveSchema active(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ActiveSchema(new EventType(rs.getString("event_type")), rs.getInt("latest_version"), rs.getString("document"),
                CompatibilityMode.fromLabel(rs.getString("compatibility")), Enforcement.fromLabel(rs.getString("enforcement")),
                rs.getString("origin"));
    }
}
