package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.adapters.jsonschema.JsonSchemaReader;
import io.sluice.adapters.jsonschema.JsonSchemaValidation;
import io.sluice.adapters.postgres.SchemaRegistryStore;
import io.sluice.adapters.prometheus.PrometheusSchemaMetrics;
import io.sluice.application.service.SchemaCatalog;
import io.sluice.application.service.SchemaGate;
import io.sluice.application.service.SchemaRegistryService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry wired together: PostgreSQL store, JSON Schema adapter, the catalog every
 * way in reads, the gate, the registry the HTTP routes serve, and the refresher that polls the registry's change
 * marker every {@code schemas.refreshInterval} so that every instance applies a change within
 * a few seconds. The directory (if any) is loaded and the catalog filled before anything serves.
 */
final class SchemaWiring implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaWiring.class);

    private final SchemaCatalog catalog;
    private final SchemaGate gate;
    private final SchemaRegistryService registry;
    private final Duration interval;
    private ScheduledExecutorService refresher;
    private volatile boolean failing;

    SchemaWiring(SchemasConfig config, Jdbi jdbi, PrometheusRegistry prometheus) throws java.io.IOException {
        SchemaRegistryStore store = new SchemaRegistryStore(jdbi);
        this.catalog = new SchemaCatalog(store);
        this.registry = new SchemaRegistryService(new JsonSchemaReader(), store, store, catalog);
        if (config.directory().isPresent()) {
            SchemaDirectory.load(config.directory().get(), registry, store, store);
        }
        catalog.refresh();
        this.gate = new SchemaGate(catalog, new JsonSchemaValidation(), config.unknownEventTypes(), new PrometheusSchemaMetrics(prometheus));
        this.interval = config.refreshInterval();
    }

    SchemaGate gate() {
        return gate;
    }

    /** The registry behind the HTTP routes {@code /v1/schemas}. */
    SchemaRegistryService registry() {
        return registry;
    }

    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-schema-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, interval.toMillis());
        refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            if (catalog.refresh()) {
                LOG.info("Schema registry changed: reloaded");
            }
            if (failing) {
                LOG.info("Schema registry readable again");
                failing = false;
            }
        } catch (RuntimeException unavailable) {
            // Keep the schemas last loaded; say so once per outage, not every second.
            if (!failing) {
                LOG.warn("Cannot read the schema registry; keeping the schemas last loaded: {}", unavailable.getMessage());
                failing = true;
            }
        }
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
