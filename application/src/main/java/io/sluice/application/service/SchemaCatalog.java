package io.sluice.application.service;

import io.sluice.application.port.in.ActiveSchema;
import io.sluice.application.port.out.LoadSchemasPort;
import io.sluice.domain.event.EventType;
import java.util.HashMap;
import java.util.Map;

/**
 * The schemas in force, as this instance knows them: a snapshot replaced whole when the
 * registry's change marker moves ({@link #refresh()}, called about every second by bootstrap and
 * right after a registration here), so every instance applies a change within a few seconds and
 * the ingest path reads one volatile field. Thread-safe.
 */
public final class SchemaCatalog {

    private final LoadSchemasPort registry;
    private volatile Map<EventType, ActiveSchema> active = Map.of();
    private volatile long marker = Long.MIN_VALUE;

    public SchemaCatalog(LoadSchemasPort registry) {
        this.registry = registry;
    }

    /** A catalog without schemas, for wiring that has no registry (tools, tests). */
    public static SchemaCatalog empty() {
        return new SchemaCatalog(null);
    }

    /** The latest version of a type's schema, or {@code null}. */
    public ActiveSchema find(EventType type) {
        Map<EventType, ActiveSchema> snapshot = active;
        return snapshot.isEmpty() ? null : snapshot.get(type);
    }

    /**
     * Reloads the schemas if the registry changed since the last load.
     *
     * @return whether it reloaded
     */
    public synchronized boolean refresh() {
        if (registry == null) {
            return false;
        }
        long now = registry.changeMarker();
        if (now == marker) {
            return false;
        }
        Map<EventType, ActiveSchema> loaded = new HashMap<>();
        for (ActiveSchema schema : registry.loadActive()) {
            loaded.put(schema.type(), schema);
        }
        active = Map.copyOf(loaded);
        marker = now;
        return true;
    }
}
