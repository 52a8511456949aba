package io.sluice.adapters.postgres;

import io.sluice.application.port.out.PendingStore;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreException;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreUnavailableException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the transactions of {@code storeAfter} on two threads of its own, so that a batch's
 * transaction overlaps the previous batch's: while one adds its aggregates and commits, the next
 * claims its ids and writes its raw rows on a second backend. One transaction at a time left
 * PostgreSQL on one core and the consumer waiting for it 82 % of the time (docs/benchmarks.md).
 *
 * <p>The order that keeps exactly-once and rules out deadlocks (the second batch waits inside its
 * transaction for the first, which PostgreSQL's deadlock detector cannot see):
 * <ul>
 *   <li>the second claims its ids only after the first claimed its own: on an id in both, the second
 *       waits for the first on the week's unique index, never the reverse;</li>
 *   <li>it touches aggregates, user sets, dead letters and positions only once the first committed,
 *       and rolls back when the first did not;</li>
 *   <li>it overlaps only when both batches were received within one UTC week: a claim sees the ids
 *       of other weeks only once committed, so an id retried across a week boundary could be claimed
 *       by both;</li>
 *   <li>and only when every partition it needs was created before: creating one takes locks on the
 *       parent table that the first transaction may hold.</li>
 * </ul>
 * Otherwise it waits for the first batch's outcome before it starts, like a store one at a time.
 * Thread-safe; its threads end after a minute without work.
 */
final class OverlappedStore {

    private final BatchWriter writer;
    private final ThreadPoolExecutor threads;

    OverlappedStore(BatchWriter writer) {
        this.writer = writer;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "sluice-store-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.allowCoreThreadTimeOut(true);
    }

    PendingStore submit(PendingStore previous, StorableBatch batch) {
        Gate before = null;
        if (previous != null && previous.ticket() instanceof Gate own) {
            before = own;
        } else if (previous != null) {
            try {
                previous.outcome();
            } catch (StoreException previousFailed) {
                return PendingStore.failed(notAfter(previousFailed));
            }
        }
        Pending pending = new Pending(batch, before);
        try {
            threads.execute(pending::run);
        } catch (RejectedExecutionException closed) {
            pending.gate.result().completeExceptionally(new StoreUnavailableException("the store is shut down", closed));
            pending.gate.claims().countDown();
        }
        return new PendingStore(pending.gate::outcome, pending.gate);
    }

    /** Stops taking batches; those pending still end. */
    void close() {
        threads.shutdown();
    }

    private static StoreUnavailableException notAfter(Throwable previousFailed) {
        return new StoreUnavailableException("the batch before this one was not stored", previousFailed);
    }

    /**
     * What the next batch needs of a batch: when its ids are claimed, how it ended, its weeks. Holds
     * no batch, and nothing of the batch before: a chain of pending batches must not keep every batch
     * since the start reachable.
     */
    private record Gate(CountDownLatch claims, CompletableFuture<StoreReport> result, Set<LocalDate> weeks) {

        Gate(Set<LocalDate> weeks) {
            this(new CountDownLatch(1), new CompletableFuture<>(), weeks);
        }

        StoreReport outcome() {
            try {
                return result.join();
            } catch (CompletionException failed) {
                if (failed.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (failed.getCause() instanceof Error error) {
                    throw error;
                }
                throw failed;
            }
        }
    }

    private final class Pending implements CommitOrder {

        private final StorableBatch batch;
        private final Gate before;
        private final Gate gate;
        private final Map<String, Set<LocalDate>> days;

        Pending(StorableBatch batch, Gate before) {
            this.batch = batch;
            this.before = before;
            this.days = writer.partitions().daysOf(batch);
            this.gate = new Gate(receiptWeeks(days));
        }

        void run() {
            try {
                if (before != null && !mayOverlap()) {
                    previousCommitted();
                }
                writer.partitions().ensure(days);
                if (before != null) {
                    before.claims().await();
                }
                gate.result().complete(writer.store(batch, this));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                gate.result().completeExceptionally(new StoreUnavailableException("the store is shutting down", interrupted));
            } catch (RuntimeException | Error failed) {
                gate.result().completeExceptionally(failed);
            } finally {
                gate.claims().countDown();
            }
        }

        private boolean mayOverlap() {
            Set<LocalDate> both = new HashSet<>(gate.weeks());
            both.addAll(before.weeks());
            return both.size() <= 1 && !batch.isolatePoison() && writer.partitions().ensuredBefore(days);
        }

        @Override
        public void claimed() {
            gate.claims().countDown();
        }

        @Override
        public void previousCommitted() {
            if (before == null) {
                return;
            }
            try {
                before.outcome();
            } catch (RuntimeException | Error previousFailed) {
                throw notAfter(previousFailed);
            }
        }
    }

    /**
     * The Monday of each UTC week in which the batch's events and samples were received: the weeks of
     * the days {@link DayPartitions#daysOf} gives their dedupe tables.
     */
    private static Set<LocalDate> receiptWeeks(Map<String, Set<LocalDate>> days) {
        Set<LocalDate> weeks = new HashSet<>();
        for (String dedupe : List.of("event_ids", "sample_ids")) {
            for (LocalDate day : days.getOrDefault(dedupe, Set.of())) {
                weeks.add(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            }
        }
        return weeks;
    }
}
