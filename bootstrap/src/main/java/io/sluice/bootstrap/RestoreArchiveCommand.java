package io.sluice.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.sluice.adapters.archive.ObjectStorageArchive;
import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import io.sluice.adapters.postgres.Migrations;
import io.sluice.adapters.postgres.PartitionLifecycle;
import io.sluice.application.port.in.RestoreArchiveUseCase;
import io.sluice.application.service.ArchivePace;
import io.sluice.application.service.StorageMaintenance;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code java -jar sluice.jar restore-archive config.yml --date YYYY-MM-DD}: the operator's restore
 * without HTTP, against the configured database (with the embedded database, while the server is
 * stopped; a running server restores through {@code POST /v1/archive/restore}).
 */
final class RestoreArchiveCommand extends ConfiguredCommand<SluiceConfiguration> {

    RestoreArchiveCommand() {
        super("restore-archive", "Put an archived day back into the hot store for querying (aggregates unchanged)");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--date").required(true).help("the UTC day to restore, YYYY-MM-DD");
    }

    @Override
    protected void run(Bootstrap<SluiceConfiguration> bootstrap, Namespace namespace, SluiceConfiguration config) throws Exception {
        LocalDate day = LocalDate.parse(namespace.getString("date"));
        DatabaseConfig database = config.database();
        EmbeddedPostgresServer embedded = null;
        try {
            PGSimpleDataSource source = new PGSimpleDataSource();
            if (database.embedded()) {
                embedded = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"), database.embeddedPort(),
                        EmbeddedPostgresServer.Durability.DURABLE, database.embeddedSharedBufferBytes());
                source.setURL(embedded.jdbcUrl());
                source.setUser(embedded.user());
                source.setPassword(embedded.password());
            } else {
                source.setURL(database.url());
                source.setUser(database.user());
                source.setPassword(database.password());
            }
            Migrations.apply(source);
            Jdbi jdbi = Jdbi.create(source);
            StorageConfig storage = config.storage();
            try (ObjectStorageArchive archive = ObjectStorageArchive.open(storage.archiveUri(config.dataDir()),
                    storage.archiveS3Endpoint(), config.dataDir().resolve("archive-work"))) {
                // a restore is not paced (only archiving is): the operator is waiting for it
                RestoreArchiveUseCase.RestoreReport report = new StorageMaintenance(new PartitionLifecycle(jdbi), archive, archive,
                        storage.retention(), ArchivePace.unpaced(), Clock.systemUTC()).restore(day);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("date", report.day().toString());
                body.put("archived_rows", report.archived());
                body.put("restored_rows", report.inserted());
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
