package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.application.port.out.BufferedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveHubTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void a_viewer_that_never_reads_keeps_at_most_its_bounds_and_counts_what_it_skipped() throws Exception {
        LiveHub hub = new LiveHub(new LiveSettings(4, 100, 1L << 20, Duration.ofSeconds(10)));
        LiveViewer stalled = hub.open(LiveFilter.ALL);

        List<BufferedRecord> batch = batch(50);
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            hub.appended(batch, AT);
        }
        // 500,000 offers to a full queue: each is a bounded amount of work, never a wait for the viewer.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(stalled.heldItems()).isEqualTo(100);

        LiveViewer.Chunk chunk = stalled.next(Duration.ZERO);
        assertThat(chunk.entries()).hasSize(101);
        assertThat(chunk.entries().subList(0, 100)).allSatisfy(entry -> assertThat(entry).isInstanceOf(byte[].class));
        assertThat(((LiveViewer.Skipped) chunk.entries().get(100)).count()).isEqualTo(500_000 - 100);
        String frames = new String(LiveFrames.render(chunk.entries()), StandardCharsets.UTF_8);
        assertThat(frames).contains("event: skipped\ndata: {\"status\":\"skipped\",\"skipped\":499900");

        // While those 100 are being written they still count: a new batch is skipped whole.
        hub.appended(batch, AT);
        List<Object> behind = stalled.next(Duration.ZERO).entries();
        assertThat(behind).hasSize(1);
        assertThat(((LiveViewer.Skipped) behind.get(0)).count()).isEqualTo(50);
        hub.appended(batch, AT);
        assertThat(stalled.next(Duration.ZERO).entries()).hasSize(50);
    }

    @Test
    void the_queue_counts_exactly_the_bytes_of_the_frames_it_holds_and_skips_what_would_pass_its_bound() throws Exception {
        List<BufferedRecord> batch = batch(10);
        List<Integer> lengths = new ArrayList<>();
        LiveHub probe = new LiveHub(LiveSettings.defaults());
        LiveViewer all = probe.open(LiveFilter.ALL);
        probe.appended(batch, AT);
        for (Object entry : all.next(Duration.ZERO).entries()) {
            lengths.add(((byte[]) entry).length);
        }
        long sevenFrames = lengths.subList(0, 7).stream().mapToLong(Integer::longValue).sum();

        // Room for seven frames and a byte less than the eighth.
        long bound = sevenFrames + lengths.get(7) - 1;
        LiveHub hub = new LiveHub(new LiveSettings(4, 10_000, bound, Duration.ofSeconds(10)));
        LiveViewer viewer = hub.open(LiveFilter.ALL);
        hub.appended(batch, AT);
        assertThat(viewer.heldItems()).isEqualTo(7);
        assertThat(viewer.heldBytes()).isEqualTo(sevenFrames).isEqualTo(hub.viewerBytes()).isLessThanOrEqualTo(bound);
        hub.appended(batch, AT);
        hub.appended(batch, AT);
        assertThat(viewer.heldBytes()).isEqualTo(sevenFrames);

        List<Object> entries = viewer.next(Duration.ZERO).entries();
        assertThat(entries).hasSize(8);
        assertThat(((LiveViewer.Skipped) entries.get(7)).count()).isEqualTo(3 + 10 + 10);
        byte[] chunk = LiveFrames.render(entries);
        byte[] marker = LiveFrames.skipped(23);
        assertThat(chunk.length).isEqualTo(sevenFrames + marker.length);
        assertThat(new String(marker, StandardCharsets.UTF_8)).isEqualTo("event: skipped\ndata: {\"status\":\"skipped\",\"skipped\":23,"
                + "\"message\":\"Skipped 23 events: more arrived than this viewer could take or the live view shows per second (it is a sample, not a feed).\"}\n\n");
    }

    @Test
    void the_chunk_being_written_counts_against_the_bound_until_the_stream_asks_for_the_next() throws Exception {
        List<BufferedRecord> batch = batch(10);
        LiveHub hub = new LiveHub(new LiveSettings(4, 10_000, 1L << 20, Duration.ofSeconds(10)));
        LiveViewer probe = hub.open(LiveFilter.ALL);
        hub.appended(batch, AT);
        long tenFrames = probe.heldBytes();
        probe.close();

        LiveHub bounded = new LiveHub(new LiveSettings(4, 10_000, tenFrames + tenFrames / 2, Duration.ofSeconds(10)));
        LiveViewer viewer = bounded.open(LiveFilter.ALL);
        bounded.appended(batch, AT);
        // The stream took the ten frames and is writing them to a client that does not read.
        assertThat(viewer.next(Duration.ZERO).entries()).hasSize(10);
        assertThat(viewer.heldBytes()).isEqualTo(tenFrames);
        bounded.appended(batch, AT);
        assertThat(viewer.heldBytes()).isLessThanOrEqualTo(tenFrames + tenFrames / 2).isGreaterThan(tenFrames);
        int queued = viewer.heldItems() - 10;
        assertThat(queued).isBetween(1, 9);

        // The write returned: the next chunk is what waited, and the marker counts what did not fit.
        List<Object> entries = viewer.next(Duration.ZERO).entries();
        assertThat(entries).hasSize(queued + 1);
        assertThat(((LiveViewer.Skipped) entries.get(queued)).count()).isEqualTo(10 - queued);
        assertThat(viewer.heldItems()).isEqualTo(queued);
        assertThat(viewer.next(Duration.ZERO)).isSameAs(LiveViewer.Chunk.IDLE);
        assertThat(viewer.heldBytes()).isZero();
    }

    @Test
    void each_item_is_encoded_once_for_every_viewer_in_the_documented_wire_format() throws Exception {
        LiveHub hub = new LiveHub(LiveSettings.defaults());
        LiveViewer first = hub.open(LiveFilter.ALL);
        LiveViewer second = hub.open(LiveFilter.of(null, null, null, "accepted"));
        hub.appended(batch(1), AT);
        Object one = first.next(Duration.ZERO).entries().get(0);
        assertThat(second.next(Duration.ZERO).entries().get(0)).isSameAs(one);
        assertThat(new String((byte[]) one, StandardCharsets.UTF_8)).isEqualTo("event: accepted\ndata: {\"status\":\"accepted\","
                + "\"kind\":\"event\",\"event_id\":\"e0\",\"event_type\":\"page_view\",\"user_id\":\"u0\",\"session_id\":null,"
                + "\"source\":\"native\",\"timestamp\":\"2026-12-02T10:00:00Z\",\"received_at\":\"2026-12-02T10:00:00Z\","
                + "\"accepted_at\":\"2026-12-02T10:00:00Z\"}\n\n");
    }

    @Test
    void a_viewer_that_never_reads_does_not_grow_the_heap() throws Exception {
        LiveHub hub = new LiveHub(LiveSettings.defaults());
        LiveViewer stalled = hub.open(LiveFilter.ALL);
        long before = usedAfterGc();
        byte[] properties = new byte[8 * 1024];
        for (int i = 0; i < 2_000; i++) {
            // Fresh events each time, 50 × 8 KiB: 800 MiB published in all, which a leak would have to keep.
            List<BufferedRecord> batch = new ArrayList<>(50);
            for (int e = 0; e < 50; e++) {
                batch.add(new BufferedRecord.EventRecord(new Event(new EventId("e" + i + "-" + e), new EventType("page_view"),
                        new UserId("u"), null, AT, AT, null, EventProperties.EMPTY, EventSource.NATIVE), properties.clone()));
            }
            hub.appended(batch, AT);
        }
        long grown = usedAfterGc() - before;
        assertThat(stalled.heldBytes()).isLessThanOrEqualTo(LiveSettings.defaults().queueBytes());
        // The queue's 4 MiB bound plus slack for the JVM's own churn.
        assertThat(grown).isLessThan(32L << 20);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void the_byte_bound_holds_for_large_refusals_too() throws Exception {
        LiveHub hub = new LiveHub(new LiveSettings(4, 10_000, 64 * 1024, Duration.ofSeconds(10)));
        LiveViewer stalled = hub.open(LiveFilter.ALL);
        byte[] large = new byte[16 * 1024];
        List<BufferedRecord> refusals = List.of(new BufferedRecord.RejectedRecord(
                new DeadLetter(DeadLetterReason.MALFORMED, "not JSON", large, "http", EventSource.NATIVE, null, AT, 1)));
        for (int i = 0; i < 1_000; i++) {
            hub.appended(refusals, AT);
        }
        assertThat(stalled.heldBytes()).isLessThanOrEqualTo(64 * 1024);
        // A refusal's frame shows a 512-character preview of its 16 KiB, not all of it.
        assertThat(stalled.heldItems()).isGreaterThan(3);
    }

    @Test
    void over_the_live_rate_records_reach_viewers_as_skip_counts_and_later_ones_still_show() throws Exception {
        AtomicLong nanos = new AtomicLong();
        LiveHub hub = new LiveHub(new LiveSettings(4, 10_000, 1L << 20, Duration.ofSeconds(10), 100), nanos::get);
        LiveViewer all = hub.open(LiveFilter.ALL);
        LiveViewer clicks = hub.open(LiveFilter.of("click", null, null, null));

        hub.appended(batch(250), AT);
        List<Object> first = all.next(Duration.ZERO).entries();
        assertThat(first).hasSize(101);
        assertThat(first.subList(0, 100)).allSatisfy(entry -> assertThat(entry).isInstanceOf(byte[].class));
        assertThat(((LiveViewer.Skipped) first.get(100)).count()).isEqualTo(150);
        // A viewer is told only of what it would have wanted: none of these were clicks.
        assertThat(clicks.next(Duration.ZERO).entries()).isEmpty();

        hub.appended(batch(30), AT);
        nanos.addAndGet(Duration.ofMillis(200).toNanos());
        hub.appended(batch(30), AT);
        // The rate's gap is not a full queue: what the budget grants after it is shown, in order.
        List<Object> next = all.next(Duration.ZERO).entries();
        assertThat(next).hasSize(22);
        assertThat(((LiveViewer.Skipped) next.get(0)).count()).isEqualTo(30);
        assertThat(next.subList(1, 21)).allSatisfy(entry -> assertThat(entry).isInstanceOf(byte[].class));
        assertThat(((LiveViewer.Skipped) next.get(21)).count()).isEqualTo(10);
    }

    @Test
    void viewers_beyond_the_limit_are_refused_until_one_leaves() {
        LiveHub hub = new LiveHub(new LiveSettings(2, 10, 1024, Duration.ofSeconds(1)));
        LiveViewer first = hub.open(LiveFilter.ALL);
        hub.open(LiveFilter.ALL);
        assertThatThrownBy(() -> hub.open(LiveFilter.ALL)).isInstanceOfSatisfying(HttpProblem.class,
                problem -> assertThat(problem.status()).isEqualTo(503));
        first.close();
        assertThat(hub.open(LiveFilter.ALL)).isNotNull();
    }

    @Test
    void closing_the_hub_ends_every_stream_and_refuses_new_ones() throws Exception {
        LiveHub hub = new LiveHub(new LiveSettings(2, 10, 1024, Duration.ofSeconds(1)));
        LiveViewer viewer = hub.open(LiveFilter.ALL);
        hub.close();
        assertThat(viewer.next(Duration.ofSeconds(5))).isNull();
        assertThat(hub.viewers()).isZero();
        assertThatThrownBy(() -> hub.open(LiveFilter.ALL)).isInstanceOf(HttpProblem.class);
    }

    @Test
    void a_batch_with_isolated_poison_is_a_notice_not_a_claim_that_each_event_was_stored() throws Exception {
        LiveHub hub = new LiveHub(LiveSettings.defaults());
        LiveViewer viewer = hub.open(LiveFilter.of(null, null, null, "stored"));
        List<Event> events = events(3);
        hub.stored(events, List.of(), List.of(), new StoreReport(2, 0, 0, 1), AT, Duration.ZERO, Duration.ZERO);
        String frames = new String(LiveFrames.render(viewer.next(Duration.ZERO).entries()), StandardCharsets.UTF_8);
        assertThat(frames).startsWith("event: notice").contains("isolating 1").doesNotContain("event: stored");

        hub.stored(events, List.of(), List.of(), new StoreReport(3, 0, 0, 0), AT, Duration.ZERO, Duration.ZERO);
        frames = new String(LiveFrames.render(viewer.next(Duration.ZERO).entries()), StandardCharsets.UTF_8);
        assertThat(frames.split("event: stored", -1)).hasSize(4);
    }

    private static List<BufferedRecord> batch(int size) {
        List<BufferedRecord> records = new ArrayList<>(size);
        events(size).forEach(event -> records.add(new BufferedRecord.EventRecord(event)));
        return records;
    }

    private static List<Event> events(int size) {
        List<Event> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(new Event(new EventId("e" + i), new EventType("page_view"), new UserId("u" + i), null, AT, AT, null,
                    EventProperties.EMPTY, EventSource.NATIVE));
        }
        return events;
    }
}
