package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.GROUP;
import static io.sluice.adapters.postgres.TestEvents.STREAM;
import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreUnavailableException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreOutageTest {

    @AfterEach
    void serverRunsAgain() {
        PostgresFixture.startServer();
    }

    @Test
    void aStoppedDatabaseIsUnavailableAndTheStoreWorksOnceItIsBack() {
        FreshStore fixture = new FreshStore();
        PostgresStore store = fixture.store();
        EventReads events = fixture.events();
        StorableBatch batch = batch(List.of(event("e1", "t", "u1", T0, null)), List.of(position(0, 1)));

        PostgresFixture.stopServer();

        assertThatThrownBy(() -> store.store(batch)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.load(GROUP, STREAM)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> events.find(new EventQuery(null, null, null, null, null, 10)))
                .isInstanceOf(StoreUnavailableException.class);

        PostgresFixture.startServer();

        assertThat(store.store(batch)).isEqualTo(new StoreReport(1, 0, 0, 0));
        assertThat(store.load(GROUP, STREAM).positions()).containsExactly(position(0, 1));
    }
}
