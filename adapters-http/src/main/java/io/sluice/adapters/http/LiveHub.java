package io.sluice.adapters.http;

import io.sluice.application.port.out.PublishLiveEventsPort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The live view's switchboard, in memory: ingress and the consumer publish into it, each viewer of
 * {@code GET /v1/live} reads its own bounded queue. Publishing with no viewer costs one volatile
 * read; with viewers, one small object per record, its SSE frame encoded once for all of them (at
 * most {@link LiveSettings#itemsPerSecond()} a second; the rest become skip counts), and one
 * non-blocking offer per viewer. A batch over the rate, with no viewer filtering, is only counted:
 * one skip count per viewer, no allocation, and no stream woken once one waits for its count to
 * fall due. At most {@link LiveSettings#maxViewers()} viewers at once.
 * Thread-safe.
 */
public final class LiveHub implements PublishLiveEventsPort {

    private static final long RETRY_AFTER_SECONDS = 10;

    private final LiveSettings settings;
    private final LiveBudget budget;
    private final LongSupplier nanoTime;
    /**
     * The viewers now, replaced whole (under the hub's lock) when one comes or goes: publishing
     * walks an array, with no iterator or lambda per batch.
     */
    private volatile LiveViewer[] viewers = new LiveViewer[0];
    /** Some viewer filters: a batch must become items to be matched, not only counted. */
    private volatile boolean someFilter;
    /** One thread per open stream, so at most maxViewers; idle ones end after a minute. */
    private final ExecutorService pumps;
    private boolean closed;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong lastBatchMicros = new AtomicLong(-1);
    private final AtomicLong lastStoreMicros = new AtomicLong(-1);

    public LiveHub(LiveSettings settings) {
        this(settings, System::nanoTime);
    }

    LiveHub(LiveSettings settings, LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = nanoTime;
        this.budget = new LiveBudget(settings.itemsPerSecond(), nanoTime);
        AtomicInteger threads = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "sluice-live-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs a viewer's stream on a thread of its own. */
    void pump(Runnable stream) {
        pumps.execute(stream);
    }

    LiveSettings settings() {
        return settings;
    }

    /** @throws HttpProblem 503 when every slot is taken or the server is stopping */
    synchronized LiveViewer open(LiveFilter filter) {
        if (closed || viewers.length >= settings.maxViewers()) {
            throw HttpProblem.tooManyViewers(settings.maxViewers(), RETRY_AFTER_SECONDS);
        }
        LiveViewer[] self = new LiveViewer[1];
        self[0] = new LiveViewer(filter, settings.queueEvents(), settings.queueBytes(), () -> leave(self[0]), nanoTime);
        LiveViewer[] more = Arrays.copyOf(viewers, viewers.length + 1);
        more[viewers.length] = self[0];
        replace(more);
        return self[0];
    }

    private synchronized void leave(LiveViewer viewer) {
        replace(Arrays.stream(viewers).filter(other -> other != viewer).toArray(LiveViewer[]::new));
    }

    private void replace(LiveViewer[] now) {
        // The flag first: a publisher that reads the new array reads its flag too.
        someFilter = Arrays.stream(now).anyMatch(viewer -> !viewer.filter().passesAll());
        viewers = now;
    }

    /** Viewers connected now. */
    public int viewers() {
        return viewers.length;
    }

    /**
     * The frames' bytes all viewers hold now, waiting or being written: at most viewers ×
     * {@link LiveSettings#queueBytes()}, however slowly they read.
     */
    public long viewerBytes() {
        long held = 0;
        for (LiveViewer viewer : viewers) {
            held += viewer.heldBytes();
        }
        return held;
    }

    /** Ends every stream and refuses new ones: the server is stopping, and open streams must not hold it up. */
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (LiveViewer viewer : viewers) {
            viewer.close();
        }
        pumps.shutdown();
    }

    /**
     * This node's counters since start, as ingress and the consumer reported them: the console's
     * pipeline view derives rates from two readings.
     */
    Map<String, Object> pulse() {
        Map<String, Object> pulse = new LinkedHashMap<>(8);
        pulse.put("accepted", accepted.sum());
        pulse.put("refused", refused.sum());
        pulse.put("stored", stored.sum());
        pulse.put("batches", batches.sum());
        pulse.put("last_batch_ms", millis(lastBatchMicros.get()));
        pulse.put("last_store_ms", millis(lastStoreMicros.get()));
        pulse.put("viewers", viewers.length);
        pulse.put("viewer_bytes", viewerBytes());
        pulse.put("viewer_bytes_limit", settings.queueBytes());
        return pulse;
    }

    private static Double millis(long micros) {
        return micros < 0 ? null : micros / 1000.0;
    }

    @Override
    public void appended(List<BufferedRecord> records, Instant at) {
        int refusals = 0;
        for (BufferedRecord record : records) {
            if (record instanceof BufferedRecord.RejectedRecord) {
                refusals++;
            }
        }
        refused.add(refusals);
        accepted.add(records.size() - refusals);
        LiveViewer[] now = viewers;
        if (now.length == 0) {
            return;
        }
        int granted = budget.take(records.size());
        if (granted == 0 && !someFilter) {
            // Nothing to show and no filter to apply: the count is all a viewer needs, and it wakes no stream once one waits.
            for (LiveViewer viewer : now) {
                viewer.skip(records.size());
            }
            return;
        }
        List<LiveItem> items = new ArrayList<>(records.size());
        for (BufferedRecord record : records) {
            if (record instanceof BufferedRecord.EventRecord event) {
                items.add(new LiveItem(LiveItem.Status.ACCEPTED, at, event.event()));
            } else if (record instanceof BufferedRecord.MetricRecord sample) {
                items.add(new LiveItem(LiveItem.Status.ACCEPTED, at, sample.sample()));
            } else if (record instanceof BufferedRecord.RejectedRecord rejected) {
                items.add(new LiveItem(LiveItem.Status.REJECTED, at, rejected.deadLetter()));
            }
        }
        publish(items, granted);
    }

    @Override
    public void stored(List<Event> events, List<MetricSample> samples, List<DeadLetter> deadLetters, StoreReport report, Instant at,
                       Duration took, Duration storeTook) {
        stored.add(report.eventsStored() + report.samplesStored());
        batches.increment();
        lastBatchMicros.set(took.toNanos() / 1000);
        lastStoreMicros.set(storeTook.toNanos() / 1000);
        if (viewers.length == 0) {
            return;
        }
        List<LiveItem> items = new ArrayList<>(events.size() + samples.size() + deadLetters.size() + 1);
        int isolated = report.deadLettered() - deadLetters.size();
        if (isolated > 0) {
            // The store set some records aside as poison and does not say which: claiming "stored" for each would lie.
            items.add(new LiveItem(LiveItem.Status.NOTICE, at, "A batch of " + (events.size() + samples.size())
                    + " records was stored after isolating " + isolated + " that the database refused (dead letters with reason "
                    + "retries_exhausted): " + report.eventsStored() + " events and " + report.samplesStored() + " samples stored."));
        } else {
            events.forEach(event -> items.add(new LiveItem(LiveItem.Status.STORED, at, event)));
            samples.forEach(sample -> items.add(new LiveItem(LiveItem.Status.STORED, at, sample)));
        }
        deadLetters.forEach(letter -> items.add(new LiveItem(LiveItem.Status.DEAD_LETTERED, at, letter)));
        publish(items, budget.take(items.size()));
    }

    /**
     * Offers what the rate budget grants, in order, and counts the rest into each viewer's skip
     * marker (filtered, so a viewer learns how many of its own it missed). Only granted items are
     * ever encoded: their frames are built lazily by the first viewer that queues them.
     */
    private void publish(List<LiveItem> items, int granted) {
        int cut = Math.min(granted, items.size());
        List<LiveItem> shown = cut == items.size() ? items : items.subList(0, cut);
        List<LiveItem> left = items.subList(cut, items.size());
        for (LiveViewer viewer : viewers) {
            viewer.offer(viewer.filter().select(shown));
            viewer.skip(viewer.filter().count(left));
        }
    }
}
