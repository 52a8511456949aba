package io.sluice.adapters.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group's lag per partition (log end offset minus the offset committed to Kafka),
 * measured by a background thread on a fixed schedule, whether anyone asks or not, and served from
 * the last snapshot, so callers on the request path never wait for the cluster. A snapshot older
 * than the stale limit (no successful measurement for that long: the cluster does not answer)
 * counts as unknown. Measuring only when asked made a probe after a quiet spell longer than the
 * stale limit see "unknown" although Kafka was fine. Thread-safe.
 *
 * <p>Kafka's committed offsets trail the positions stored in PostgreSQL by at most one batch
 * (they are committed after the store commit), so the lag is an upper bound by that much.
 */
final class ConsumerLag implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);
    private static final Snapshot UNKNOWN = new Snapshot(Map.of(), -1, Long.MIN_VALUE);

    private final Admin admin;
    private final String topic;
    private final String groupId;
    private final long staleNanos;
    private final Duration callTimeout;
    private final ScheduledExecutorService worker;
    private volatile Snapshot snapshot = UNKNOWN;
    private volatile boolean failureLogged;

    ConsumerLag(Admin admin, String topic, String groupId, Duration refreshEvery, Duration staleAfter, Duration callTimeout) {
        this.admin = admin;
        this.topic = topic;
        this.groupId = groupId;
        this.staleNanos = staleAfter.toNanos();
        this.callTimeout = callTimeout;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-kafka-lag");
            thread.setDaemon(true);
            return thread;
        });
        // Fixed delay: a slow measurement (up to callTimeout per call) is not followed by a burst of catch-up runs.
        worker.scheduleWithFixedDelay(this::refresh, 0, refreshEvery.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Total lag of the group on the topic, or -1 when it could not be measured recently. */
    long total() {
        return current().total;
    }

    /** Lag per partition; empty when unknown. */
    Map<Integer, Long> byPartition() {
        return current().lag;
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        return last == UNKNOWN || System.nanoTime() - last.measuredAt > staleNanos ? UNKNOWN : last;
    }

    private void refresh() {
        try {
            snapshot = measure();
            failureLogged = false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failure) {
            // One line per outage, not one per refresh. Catching everything also keeps the schedule alive:
            // a task that throws is never run again.
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("Cannot measure the lag of consumer group {} on {}: {}", groupId, topic, failure.toString());
            }
        }
    }

    private Snapshot measure() throws Exception {
        long timeout = callTimeout.toMillis();
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout, TimeUnit.MILLISECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        description.partitions().forEach(p -> {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
        });
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                .get(timeout, TimeUnit.MILLISECONDS);
        Map<Integer, Long> lag = new HashMap<>();
        long total = 0;
        for (TopicPartition partition : latest.keySet()) {
            OffsetAndMetadata done = committed.get(partition);
            long from = done != null ? done.offset() : starts.get(partition).offset();
            long partitionLag = Math.max(0, ends.get(partition).offset() - from);
            lag.put(partition.partition(), partitionLag);
            total += partitionLag;
        }
        return new Snapshot(Map.copyOf(lag), total, System.nanoTime());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private record Snapshot(Map<Integer, Long> lag, long total, long measuredAt) {
    }
}
