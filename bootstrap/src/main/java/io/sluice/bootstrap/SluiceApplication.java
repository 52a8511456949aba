package io.sluice.bootstrap;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.adapters.archive.ObjectStorageArchive;
import io.sluice.adapters.http.ApiKeys;
import io.sluice.adapters.http.HttpAccess;
import io.sluice.adapters.http.HttpRouteParts;
import io.sluice.adapters.http.HttpRoutes;
import io.sluice.adapters.http.HttpSettings;
import io.sluice.adapters.http.HttpUseCases;
import io.sluice.adapters.http.LiveHub;
import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import io.sluice.adapters.postgres.Migrations;
import io.sluice.adapters.postgres.PartitionLifecycle;
import io.sluice.adapters.postgres.PipelineSnapshotWriter;
import io.sluice.adapters.postgres.DeadLetterStore;
import io.sluice.adapters.postgres.EventReads;
import io.sluice.adapters.postgres.MetricReads;
import io.sluice.adapters.postgres.PostgresStore;
import io.sluice.adapters.prometheus.ConsumerLog;
import io.sluice.adapters.prometheus.DataDirectorySpace;
import io.sluice.adapters.prometheus.PipelineGauges;
import io.sluice.adapters.prometheus.PrometheusPipelineMetrics;
import io.sluice.adapters.prometheus.StorageMetrics;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.PublishLiveEventsPort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.service.ArchivePace;
import io.sluice.application.service.BufferConsumer;
import io.sluice.application.service.DiskWatermark;
import io.sluice.application.service.StorageMaintenance;
import io.sluice.application.service.IngestService;
import io.sluice.application.service.Pause;
import io.sluice.application.service.PipelineSnapshots;
import io.sluice.application.service.QueryService;
import io.sluice.application.service.ReplayService;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.loadgen.BenchmarkReferenceResource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's entry point: reads the configuration, starts the store and the buffer chosen by
 * {@code buffer}, and wires the use cases to the HTTP routes and the consumer threads with plain
 * constructors. The only class that knows Dropwizard's {@code Application}.
 */
public final class SluiceApplication extends Application<SluiceConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceApplication.class);
    /** The read key config.yml accepts unless SLUICE_READ_KEY_SHA256 replaces it (documented for local use). */
    static final String LOCAL_READ_KEY = "sluice-local-read-key";
    /** The admin key config.yml accepts unless SLUICE_ADMIN_KEY_SHA256 replaces it (documented for local use). */
    static final String LOCAL_ADMIN_KEY = "sluice-local-admin-key";

    public static void main(String[] args) throws Exception {
        // Chronicle Queue otherwise tries to report usage to an analytics host at start-up.
        System.setProperty("chronicle.analytics.disable", "true");
        // The embedded default keeps production's memory semantics without JVM flags (docs/operating.md).
        FatalErrors.install();
        new SluiceApplication().run(args);
    }

    @Override
    public String getName() {
        return "sluice";
    }

    @Override
    public void initialize(Bootstrap<SluiceConfiguration> bootstrap) {
        // ${SLUICE_HTTP_PORT:-8080} and friends: environment variables override the file, defaults live in it.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new SimulateCommand());
        bootstrap.addCommand(new HashKeyCommand());
        bootstrap.addCommand(new RestoreArchiveCommand());
    }

    @Override
    public void run(SluiceConfiguration config, Environment environment) throws Exception {
        FatalErrors.watchLogs();
        // Before the first request: keys must stay out of the logs even once a logger is turned to DEBUG.
        SecretLogFilter.install();
        Path dataDir = config.dataDir();
        // Before any process is started or stopped: a second instance on this directory must leave the first alone.
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
        StartupCleanup cleanup = new StartupCleanup();
        cleanup.register(lock);
        // Registered first, so Dropwizard releases it last.
        environment.lifecycle().manage(lock);
        environment.lifecycle().addServerLifecycleListener(server -> cleanup.completed());
        // The graceful shutdown's 503s are Jetty's, written by the server's error handler: give them Retry-After.
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new UnavailableErrorHandler()));
        try {
            start(config, environment, dataDir, cleanup);
        } catch (Exception | Error failed) {
            cleanup.undo();
            throw failed;
        }
    }

    private void start(SluiceConfiguration config, Environment environment, Path dataDir, StartupCleanup cleanup) throws Exception {
        Clock clock = Clock.systemUTC();
        // ThreadLocalRandom cannot be shared as one instance; a generator that defers to it per call can.
        RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

        Jdbi jdbi = startDatabase(config, environment, dataDir, cleanup);
        PostgresStore store = new PostgresStore(jdbi);
        // Managed before the consumer loop, so stopped after it: the loop settles its pending batches first.
        environment.lifecycle().manage(new AutoCloseableManager(store));
        EventReads events = new EventReads(jdbi);
        DeadLetterStore deadLetters = new DeadLetterStore(jdbi);

        PrometheusRegistry prometheus = new PrometheusRegistry();
        PrometheusPipelineMetrics observe = new PrometheusPipelineMetrics(prometheus);
        ConsumerGroup group = new ConsumerGroup(config.consumer().group());
        PiiPolicy pii = config.privacy().policy();

        BufferWiring buffer = config.kafkaBuffer()
                ? BufferWiring.kafka(config.kafka(), store, group, pii)
                : BufferWiring.chronicle(config.chronicle(), dataDir.resolve("buffer"), store, group, clock);
        environment.lifecycle().manage(buffer);

        DiskWatermark diskWatermark = new DiskWatermark(buffer.append(), new DataDirectorySpace(dataDir),
                config.storage().minFreeDiskBytes(), clock);
        LiveHub live = config.live().enabled() ? new LiveHub(config.live().settings()) : null;
        PublishLiveEventsPort publishLive = live == null ? PublishLiveEventsPort.NONE : live;
        if (live != null) {
            environment.lifecycle().addEventListener(new LiveViewShutdown(live));
        }
        SchemaWiring schemas = new SchemaWiring(config.schemas(), jdbi, prometheus);
        environment.lifecycle().manage(schemas);
        IngestService ingest = new IngestService(diskWatermark, clock, random, observe, publishLive, schemas.gate());
        QueryService queries = new QueryService(events, events, new MetricReads(jdbi), deadLetters, events, buffer.backlog());
        ReplayService replay = new ReplayService(deadLetters, deadLetters, diskWatermark, clock, random, schemas.gate());
        StorageMaintenance storage = startStorage(config, environment, jdbi, clock, prometheus);

        Supplier<String> consumerStopped = () -> null;
        if (config.consumer().enabled()) {
            ReadBufferPort reader = buffer.newReader();
            BufferConsumer consumer = new BufferConsumer(reader, store, group, config.consumer().policy(),
                    clock, random, Pause.SLEEP, new ConsumerLog("sluice-consumer", observe), config.enrichment().enrichment(),
                    publishLive, schemas.gate());
            ConsumerLoop loop = new ConsumerLoop("sluice-consumer", consumer, reader, config.consumer().pollWait(),
                    config.consumer().shutdownGrace());
            environment.lifecycle().manage(loop);
            environment.healthChecks().register("consumer", new ConsumerHealthCheck(loop, buffer.backlog(),
                    config.consumer().stallAfter()));
            consumerStopped = loop::endedWhileRunning;
        } else {
            LOG.warn("consumer.enabled is false: this node only ingests; events it buffers are stored by a node whose consumer runs"
                    + (config.kafkaBuffer() ? " in group " + group.value() : " on this data directory (Chronicle mode)"));
        }

        HttpSettings http = HttpSettings.defaults().withMaxBodyBytes(config.ingress().maxBodyBytes())
                .withMaxInFlightBodyBytes(config.ingress().maxInFlightBodyBytes());
        HttpUseCases useCases = new HttpUseCases(ingest, queries, queries, queries, queries, replay, queries, ingest);
        HttpAccess access = access(config);
        HttpRouteParts routes = HttpRouteParts.of(useCases, http, access, clock).withObserve(observe).withPii(pii)
                .withHealth(() -> seedHealth(environment)).withLive(live).withRestore(storage)
                .withSchemas(schemas.registry(), schemas.registry());
        for (Object component : HttpRoutes.components(routes)) {
            environment.jersey().register(component);
        }
        environment.jersey().register(new FatalErrors.OutOfMemoryMapper());

        if (config.benchmarkReferenceEndpoint()) {
            LOG.warn("Serving POST /bench/noop, the benchmark's reference endpoint: turn benchmarkReferenceEndpoint off outside benchmarks");
            environment.jersey().register(new BenchmarkReferenceResource());
        }

        environment.healthChecks().register("buffer", new BufferHealthCheck(buffer.backlog(), buffer.backlogLimit()));
        environment.admin().addServlet("ready", new ReadinessServlet(buffer.backlog(), buffer.backlogLimit(),
                observe::lastRefusalMillis, consumerStopped)).addMapping("/ready");
        if (config.pipelineMetrics().enabled()) {
            PipelineSnapshots snapshots = new PipelineSnapshots(observe, buffer.backlog(), new PipelineSnapshotWriter(jdbi),
                    clock, config.pipelineMetrics().instance());
            environment.lifecycle().manage(new ScheduledSnapshots(snapshots, config.pipelineMetrics().interval()));
        }

        PipelineGauges.register(prometheus, diskWatermark::usable, buffer.backlog(), buffer::lagByPartition);
        DropwizardExports.builder().dropwizardRegistry(environment.metrics()).register(prometheus);
        JvmMetrics.builder().register(prometheus);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(prometheus)).addMapping("/prometheus");
    }

    /** Storage maintenance: on a schedule, as the admin task maintain-storage, and its metrics. */
    private static StorageMaintenance startStorage(SluiceConfiguration config, Environment environment, Jdbi jdbi, Clock clock,
                                                   PrometheusRegistry prometheus) {
        StorageConfig settings = config.storage();
        ObjectStorageArchive archive = ObjectStorageArchive.open(settings.archiveUri(config.dataDir()), settings.archiveS3Endpoint(),
                config.dataDir().resolve("archive-work"));
        LOG.info("Raw days past {} are archived to {} at {}", settings.retention().hot(), archive.describe(),
                settings.archiveRowsPerSecond() == 0 ? "full speed" : "up to " + settings.archiveRowsPerSecond() + " rows/s");
        ArchivePace pace = new ArchivePace(settings.archiveRowsPerSecond(), System::nanoTime, Pause.SLEEP);
        StorageMaintenance maintenance = new StorageMaintenance(new PartitionLifecycle(jdbi), archive, archive, settings.retention(), pace,
                clock);
        environment.admin().addTask(new MaintainStorageTask(maintenance));
        if (!settings.maintenanceInterval().isZero()) {
            environment.lifecycle().manage(new ScheduledMaintenance(maintenance, settings.maintenanceInterval()));
        }
        StorageMetrics.register(maintenance, prometheus);
        return maintenance;
    }

    /** The auth, rateLimit and cors sections as the HTTP adapter's settings; says what is open at start-up. */
    private static HttpAccess access(SluiceConfiguration config) {
        AuthConfig auth = config.auth();
        ApiKeys keys = auth.keys();
        if (!auth.required()) {
            LOG.warn("auth.required is off: ingestion routes accept requests without a write key (limited per client address). "
                    + "Turn it on, with write keys, outside local use.");
        } else if (!keys.hasWriteKeys()) {
            LOG.warn("auth.required is on but no write key is configured: every ingestion request will be refused (401)");
        }
        if (!keys.hasReadKeys()) {
            LOG.warn("No read key is configured: query, stats and dead-letter routes refuse every request (401). "
                    + "Add one under auth.readKeys (java -jar sluice.jar hash-key)");
        } else if (keys.readable(LOCAL_READ_KEY)) {
            LOG.warn("The documented local read key '{}' is accepted: set SLUICE_READ_KEY_SHA256 outside local use", LOCAL_READ_KEY);
        }
        if (!keys.hasAdminKeys()) {
            LOG.warn("No admin key is configured: dead-letter replay refuses every request (401). "
                    + "Add one under auth.adminKeys (java -jar sluice.jar hash-key)");
        } else if (keys.admin(LOCAL_ADMIN_KEY)) {
            LOG.warn("The documented local admin key '{}' is accepted: set SLUICE_ADMIN_KEY_SHA256 outside local use", LOCAL_ADMIN_KEY);
        }
        return new HttpAccess(keys, auth.required(), config.rateLimit().settings(), config.cors().settings());
    }

    /** Seed 000's GET /health: the buffer's and the database's health checks, run at each call. */
    private static java.util.Map<String, Boolean> seedHealth(Environment environment) {
        java.util.Map<String, Boolean> health = new java.util.TreeMap<>();
        for (String name : List.of("buffer", "postgres")) {
            if (environment.healthChecks().getNames().contains(name)) {
                health.put(name.equals("postgres") ? "database" : name, environment.healthChecks().runHealthCheck(name).isHealthy());
            }
        }
        return health;
    }

    private static Jdbi startDatabase(SluiceConfiguration config, Environment environment, Path dataDir, StartupCleanup cleanup)
            throws Exception {
        DatabaseConfig database = config.database();
        DataSourceFactory dataSource;
        DataSource migrations;
        if (database.embedded()) {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), database.embeddedPort(),
                    EmbeddedPostgresServer.Durability.DURABLE, database.embeddedSharedBufferBytes());
            cleanup.register(server);
            // Registered first, so Dropwizard stops it last: after the consumer and the pool are done with it.
            environment.lifecycle().manage(new Managed() {
                @Override
                public void stop() {
                    server.close();
                }
            });
            LOG.info("Embedded PostgreSQL at {} (data under {})", server.jdbcUrl(), dataDir.resolve("postgres"));
            dataSource = database.dataSourceFactory(server.jdbcUrl(), server.user(), server.password());
            migrations = database.migrationDataSource(server.jdbcUrl(), server.user(), server.password());
        } else {
            dataSource = database.dataSourceFactory(database.url(), database.user(), database.password());
            migrations = database.migrationDataSource(database.url(), database.user(), database.password());
        }
        long started = System.nanoTime();
        int applied = Migrations.apply(migrations);
        if (applied > 0) {
            LOG.info("Applied {} schema migration(s) in {} s", applied, (System.nanoTime() - started) / 1_000_000_000L);
        }
        ManagedDataSource pool = dataSource.build(environment.metrics(), "postgres");
        return new JdbiFactory().build(environment, dataSource, pool, "postgres");
    }
}
