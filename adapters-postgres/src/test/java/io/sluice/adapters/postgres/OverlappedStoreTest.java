package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.GROUP;
import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.out.PendingStore;
import io.sluice.application.port.out.StoreRejectedException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreUnavailableException;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.StorableBatch;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two batches' transactions overlap ({@link PostgresStore#storeAfter}) and still commit in order,
 * all or nothing, each id once. The first batch is held open by a test transaction that locks the
 * consumer's position row, which the first batch writes last: the second batch's transaction then
 * runs while the first is open.
 */
class OverlappedStoreTest {

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();
    private Handle positionLock;

    @AfterEach
    void releaseAndClose() {
        release();
        store.close();
    }

    @Test
    void theSecondBatchWritesWhileTheFirstIsOpenAndCommitsOnlyAfterIt() throws Exception {
        prepareDaysOf(T0);
        holdPositionRow();

        PendingStore first = store.storeAfter(null, batch(events("a", "b", "c"), List.of(position(0, 3))));
        PendingStore second = store.storeAfter(first, batch(events("d", "e", "f"), List.of(position(0, 6))));
        CompletableFuture<StoreReport> secondDone = CompletableFuture.supplyAsync(second::outcome);

        // The second has claimed its ids and written its rows in a transaction of its own, and waits for the first.
        await(() -> otherTransactionsHolding("raw_events") == 2 && waitingOnALock() == 1);
        assertThat(otherTransactionsHolding("event_ids")).isEqualTo(2);
        assertThat(fixture.count("raw_events")).as("nothing committed yet").isEqualTo(2);
        Thread.sleep(200);
        assertThat(secondDone).isNotDone();

        release();

        assertThat(first.outcome().eventsStored()).isEqualTo(3);
        assertThat(secondDone.get(10, TimeUnit.SECONDS).eventsStored()).isEqualTo(3);
        assertThat(fixture.count("raw_events")).isEqualTo(8);
        assertThat(hourlyTotal()).isEqualTo(8);
        assertThat(storedPosition()).isEqualTo(6);
    }

    @Test
    void whenTheFirstBatchFailsTheSecondWritesNothing() {
        prepareDaysOf(T0);
        Event huge = event("huge-1", "page_view", "u1", T0, Double.MAX_VALUE);
        Event huger = event("huge-2", "page_view", "u2", T0, Double.MAX_VALUE);

        PendingStore first = store.storeAfter(null, batch(List.of(huge, huger), List.of(position(0, 3))));
        PendingStore second = store.storeAfter(first, batch(events("d", "e"), List.of(position(0, 5))));

        assertThatThrownBy(first::outcome).isInstanceOf(StoreRejectedException.class);
        assertThatThrownBy(second::outcome).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the batch before this one was not stored");
        assertThat(fixture.count("raw_events")).isEqualTo(2);
        assertThat(fixture.count("event_ids")).as("the second's claims rolled back too").isEqualTo(2);
        assertThat(storedPosition()).isEqualTo(1);

        // Read again and stored in order, both land.
        assertThat(store.store(batch(List.of(huge), List.of(position(0, 2)))).eventsStored()).isEqualTo(1);
        assertThat(store.storeAfter(null, batch(events("d", "e"), List.of(position(0, 5)))).outcome().eventsStored()).isEqualTo(2);
        assertThat(storedPosition()).isEqualTo(5);
    }

    @Test
    void anIdInBothBatchesIsStoredAndCountedOnce() throws Exception {
        prepareDaysOf(T0);
        holdPositionRow();

        PendingStore first = store.storeAfter(null, batch(events("x", "y"), List.of(position(0, 2))));
        PendingStore second = store.storeAfter(first, batch(events("x", "z"), List.of(position(0, 4))));
        // The second's claim of x waits for the first's, which waits for the test.
        await(() -> waitingOnALock() == 2);
        release();

        assertThat(first.outcome().eventsStored()).isEqualTo(2);
        StoreReport report = second.outcome();
        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(fixture.count("raw_events")).isEqualTo(5);
        assertThat(hourlyTotal()).isEqualTo(5);
        assertThat(storedPosition()).isEqualTo(4);
    }

    /**
     * A claim sees ids of other weeks only once committed: a retry received in the next week must
     * not claim its id while the first receipt's claim is still open, so such a batch waits.
     */
    @Test
    void anIdRetriedAcrossAWeekBoundaryWhileTheFirstIsOpenIsStoredOnce() throws Exception {
        Instant sundayNight = Instant.parse("2026-03-01T23:59:59Z");
        Instant mondayMorning = Instant.parse("2026-03-02T00:00:01Z");
        prepareDaysOf(sundayNight, mondayMorning);
        holdPositionRow();

        PendingStore first = store.storeAfter(null, batch(List.of(received("retried", sundayNight)), List.of(position(0, 2))));
        PendingStore second = store.storeAfter(first, batch(List.of(received("retried", mondayMorning)), List.of(position(0, 3))));
        await(() -> waitingOnALock() == 1);
        Thread.sleep(300);
        release();

        assertThat(first.outcome().eventsStored()).isEqualTo(1);
        assertThat(second.outcome().duplicates()).isEqualTo(1);
        long rows = fixture.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events WHERE event_id = 'retried'")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
        assertThat(storedPosition()).isEqualTo(3);
    }

    /** A consumer overlaps batches for as long as it runs: the chain of them must not keep old batches in memory. */
    @Test
    void aPendingBatchKeepsNoEarlierBatchReachable() throws InterruptedException {
        prepareDaysOf(T0);
        StorableBatch first = batch(events("w1"), List.of(position(0, 2)));
        WeakReference<StorableBatch> firstBatch = new WeakReference<>(first);
        PendingStore pending = store.storeAfter(null, first);
        first = null;
        for (int i = 2; i <= 6; i++) {
            pending = store.storeAfter(pending, batch(events("w" + i), List.of(position(0, i + 1))));
        }
        assertThat(pending.outcome().eventsStored()).isEqualTo(1);

        for (int i = 0; i < 50 && firstBatch.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(firstBatch.get()).as("the first batch, after five more").isNull();
        assertThat(storedPosition()).isEqualTo(7);
    }

    /** Stores one event per day of {@code receipts} (which creates their partitions) and moves the position to 1. */
    private void prepareDaysOf(Instant... receipts) {
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < receipts.length; i++) {
            events.add(received("setup-" + i, receipts[i]));
        }
        store.store(batch(events, List.of(position(0, 1))));
        if (receipts.length == 1) {
            store.store(batch(List.of(received("setup-x", receipts[0])), List.of(position(0, 1))));
        }
    }

    private static Event received(String id, Instant at) {
        return new Event(new io.sluice.domain.event.EventId(id), new io.sluice.domain.event.EventType("page_view"),
                new io.sluice.domain.event.UserId("u-" + id), null, at, at, null, EventProperties.of(Map.of()), EventSource.NATIVE);
    }

    private static List<Event> events(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> event(id, "page_view", "u-" + id, T0, null)).toList();
    }

    private void holdPositionRow() {
        positionLock = fixture.jdbi().open();
        positionLock.begin();
        positionLock.createQuery("SELECT next_position FROM consumer_positions WHERE consumer_group = :g FOR UPDATE")
                .bind("g", GROUP.value()).mapTo(Long.class).one();
    }

    private void release() {
        if (positionLock != null) {
            positionLock.rollback();
            positionLock.close();
            positionLock = null;
        }
    }

    private long waitingOnALock() {
        return fixture.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'").mapTo(Long.class).one());
    }

    /** Open transactions other than the test's own holding a row lock on a partition of {@code table}. */
    private long otherTransactionsHolding(String table) {
        int own = positionLock.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
        return fixture.jdbi().withHandle(h -> h.createQuery("SELECT count(DISTINCT l.pid) FROM pg_locks l"
                        + " JOIN pg_class c ON c.oid = l.relation"
                        + " WHERE l.mode = 'RowExclusiveLock' AND c.relname LIKE :table || '\\_%' AND l.pid NOT IN (:own, pg_backend_pid())")
                .bind("table", table).bind("own", own).mapTo(Long.class).one());
    }

    private long hourlyTotal() {
        return fixture.jdbi().withHandle(h -> h.createQuery("SELECT sum(total_events) FROM hourly_aggregations").mapTo(Long.class).one());
    }

    private long storedPosition() {
        return fixture.jdbi().withHandle(h -> h.createQuery("SELECT next_position FROM consumer_positions WHERE consumer_group = :g")
                .bind("g", GROUP.value()).mapTo(Long.class).one());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
