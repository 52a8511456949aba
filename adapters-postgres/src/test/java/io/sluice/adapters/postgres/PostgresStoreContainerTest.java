package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.GROUP;
import static io.sluice.adapters.postgres.TestEvents.STREAM;
import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreReport;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The replay test against the official PostgreSQL image, where a Docker engine is present (skipped otherwise). */
@Testcontainers(disabledWithoutDocker = true)
class PostgresStoreContainerTest {

    @Container
    private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:18");

    @Test
    void aReplayedBatchChangesNoCount() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(POSTGRES.getJdbcUrl());
        source.setUser(POSTGRES.getUsername());
        source.setPassword(POSTGRES.getPassword());
        Migrations.apply(source);
        Jdbi jdbi = Jdbi.create(source);
        PostgresStore store = new PostgresStore(jdbi);
        StorableBatch batch = batch(List.of(event("e1", "t", "u1", T0, 1.0), event("e2", "t", "u2", T0, null)), List.of(position(0, 2)));

        assertThat(store.store(batch)).isEqualTo(new StoreReport(2, 0, 0, 0));
        assertThat(store.store(batch)).isEqualTo(new StoreReport(0, 2, 0, 0));
        assertThat(new EventReads(jdbi).stats().totalEvents()).isEqualTo(2);
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 2));
    }
}
