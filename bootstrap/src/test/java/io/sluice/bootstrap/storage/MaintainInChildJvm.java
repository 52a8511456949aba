package io.sluice.bootstrap.storage;

import io.sluice.adapters.archive.ObjectStorageArchive;
import io.sluice.adapters.postgres.PartitionLifecycle;
import io.sluice.application.port.in.MaintenanceReport;
import io.sluice.application.port.in.StorageRetention;
import io.sluice.application.service.ArchivePace;
import io.sluice.application.service.StorageMaintenance;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Run in a child JVM by {@link ArchiveCrashTest}: one storage maintenance run against the given
 * database and archive directory at a fixed time; prints {@code START} before and {@code DONE}
 * after, so the parent can SIGKILL it anywhere in between.
 */
final class MaintainInChildJvm {

    static final String PASSWORD_VARIABLE = "SLUICE_TEST_DATABASE_PASSWORD";

    private MaintainInChildJvm() {
    }

    public static void main(String[] args) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(args[0]);
        source.setUser(args[1]);
        source.setPassword(System.getenv(PASSWORD_VARIABLE));
        Jdbi jdbi = Jdbi.create(source);
        Path archiveDir = Path.of(args[2]);
        Clock clock = Clock.fixed(Instant.parse(args[3]), ZoneOffset.UTC);
        try (ObjectStorageArchive archive = ObjectStorageArchive.open(archiveDir.resolve("archive").toUri(), null,
                archiveDir.resolve("work"))) {
            // Unpaced: the parent's kills are timed to land in every step of a full-speed run, Parquet
            // writing and read-back included; a paced run would spend them all in the export.
            StorageMaintenance maintenance = new StorageMaintenance(new PartitionLifecycle(jdbi), archive, archive,
                    StorageRetention.defaults(), ArchivePace.unpaced(), clock);
            System.out.println("START");
            System.out.flush();
            MaintenanceReport report = maintenance.maintain();
            System.out.println("DONE " + report.archived().size() + " " + report.failures());
            System.out.flush();
        }
    }
}
