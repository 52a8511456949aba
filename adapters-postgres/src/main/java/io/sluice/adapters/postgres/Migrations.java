package io.sluice.adapters.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a PostgreSQL database to Sluice's current schema with Flyway, from the versioned scripts
 * in {@code db/migration}. Idempotent: already applied versions are skipped, and a database
 * changed by hand fails validation instead of being migrated blindly. Thread-safe; concurrent
 * callers on one database are serialised by Flyway's lock.
 */
public final class Migrations {

    private Migrations() {
    }

    /**
     * Applies every pending migration.
     *
     * @return how many migrations this call applied
     */
    public static int apply(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // Through SLF4J, which the server's logging configures (Flyway would otherwise pick java.util.logging).
                .loggers("slf4j")
                // A database already holding the seeds' tables fails here on purpose: their rows need a
                // deliberate import, not a schema laid silently over them.
                .baselineOnMigrate(false)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
