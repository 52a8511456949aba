package io.sluice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations run on their own connection: the pool's 60 s socket timeout aborted V11 on a store of
 * 20 M dedupe ids (one INSERT … SELECT of several minutes), and the server then refused to start.
 */
class MigrationConnectionTest {

    @TempDir
    Path dir;

    @Test
    void migrationsRunWithoutTheSocketTimeoutThatGuardsThePool() throws Exception {
        DatabaseConfig database = new DatabaseConfig();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), 0,
                EmbeddedPostgresServer.Durability.UNSAFE_FAST)) {
            ManagedDataSource pool = database.dataSourceFactory(server.jdbcUrl(), server.user(), server.password())
                    .build(new MetricRegistry(), "test");
            try (Connection pooled = pool.getConnection();
                 Connection migrating = database.migrationDataSource(server.jdbcUrl(), server.user(), server.password())
                         .getConnection()) {
                assertThat(pooled.getNetworkTimeout()).isEqualTo(60_000);
                assertThat(migrating.getNetworkTimeout()).isZero();
                assertThat(migrating.isValid(5)).isTrue();
            } finally {
                pool.stop();
            }
        }
    }
}
