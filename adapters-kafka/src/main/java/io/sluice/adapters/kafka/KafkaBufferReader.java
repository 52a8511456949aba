package io.sluice.adapters.kafka;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerPositions;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StreamName;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.StoreUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the events topic for one consumer thread, as a member of the consumer group, so that
 * several Sluice instances share the partitions.
 *
 * <p>Positions: whenever a partition is assigned, the reader seeks it to the position stored in
 * PostgreSQL with the data ({@link LoadConsumerPositionsPort}); partitions never stored start at
 * the offset committed to Kafka, or at the beginning. Until the stored positions could be loaded
 * (store down), the newly assigned partitions stay paused: nothing is read from a guessed position.
 * Offsets committed to Kafka after each stored batch serve lag tools only. For
 * {@link #rewindToCommitted()} the reader remembers, per assigned partition, the position last
 * committed to the store (or loaded from it at assignment, or the first offset it handed out).
 *
 * <p>Rebalances: Kafka only rebalances inside {@link #poll}, and the consumer service stores a batch
 * before it polls again, so a partition normally moves with its stored position up to date. When a
 * batch takes longer than {@code max.poll.interval.ms} (default 5 minutes; the store is down and
 * the batch is being retried), the group drops this member and another one resumes its partitions
 * from the stored positions. Both may then store the same records: positions only move forward and
 * events are deduplicated by id, so nothing is lost or counted twice. On its next poll this member
 * rejoins and again resumes from the stored positions, never from what it held in memory.
 *
 * <p>Not thread-safe: one consumer thread uses it and closes it. Only {@link #wakeUpToClose()}
 * may be called from another thread.
 */
public final class KafkaBufferReader implements ReadBufferPort {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBufferReader.class);
    private static final BufferBatch NOTHING = new BufferBatch(List.of(), List.of());
    private static final long RELOAD_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final KafkaSettings settings;
    private final ConsumerGroup group;
    private final StreamName topic;
    private final LoadConsumerPositionsPort positions;
    private final DeadLetterCopy deadLetterCopy;
    private final Consumer<KafkaBufferReader> onClose;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ByteBudgetCut cut;
    private final Set<TopicPartition> awaitingPositions = new LinkedHashSet<>();
    /** Per assigned partition that has a known start: where a rewind seeks it. */
    private final Map<TopicPartition, Long> rewindTo = new HashMap<>();
    private long nextLoadAttempt;
    private boolean storeDownLogged;
    private boolean consumerClosed;
    private volatile boolean closeRequested;

    KafkaBufferReader(KafkaSettings settings, ConsumerGroup group, String clientSuffix, LoadConsumerPositionsPort positions,
                      RecordCodec codec, DeadLetterCopy deadLetterCopy, Consumer<KafkaBufferReader> onClose, long maxPollBytes) {
        this.settings = settings;
        this.group = group;
        this.topic = new StreamName(settings.topic());
        this.positions = positions;
        this.deadLetterCopy = deadLetterCopy;
        this.onClose = onClose;
        this.consumer = KafkaClients.consumer(settings, group.value(), clientSuffix);
        this.cut = new ByteBudgetCut(topic, codec, maxPollBytes);
        consumer.subscribe(List.of(settings.topic()), new ResumeFromStore());
    }

    @Override
    public BufferBatch poll(Duration maxWait) {
        if (closeRequested) {
            close();
        }
        if (consumerClosed) {
            throw new BufferUnavailableException("the Kafka reader is closed", settings.retryAfter(), null);
        }
        ConsumerRecords<byte[], byte[]> polled;
        try {
            if (!awaitingPositions.isEmpty()) {
                resumeAwaiting();
            }
            polled = consumer.poll(maxWait);
        } catch (WakeupException woken) {
            return NOTHING;
        } catch (KafkaException failed) {
            throw new BufferUnavailableException("reading Kafka failed: " + failed, settings.retryAfter(), failed);
        }
        if (polled.isEmpty()) {
            return NOTHING;
        }
        // A partition never stored resumed at Kafka's committed offset or the beginning: its first record
        // handed out is where a rewind must go back to. What the byte budget cut off is read again by the next poll.
        return cut.cut(polled, rewindTo::putIfAbsent, this::seekTo);
    }

    /**
     * A rebalance while a batch is pending hands its records out again, here or to another member;
     * the store claims ids and dead-letter keys, so they are stored once (RebalanceDeadLetterIT holds
     * a batch in its store across a rebalance, ScaleOutIT kills a member mid-stream).
     */
    @Override
    public boolean allowsPendingBatches() {
        return true;
    }

    @Override
    public void committed(BufferBatch batch) {
        if (consumerClosed || batch.positionsAfter().isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (BufferPosition position : batch.positionsAfter()) {
            TopicPartition partition = new TopicPartition(position.stream().value(), position.partition());
            long next = position.next().value();
            offsets.put(partition, new OffsetAndMetadata(next));
            rewindTo.merge(partition, next, Math::max);
        }
        commitForLagTools(offsets);
        deadLetterCopy.copyUnreadable(batch.records());
    }

    /**
     * Seeks every assigned partition back to its position last committed to the store, which also
     * drops records Kafka had fetched ahead. Partitions still waiting for their stored positions
     * handed nothing out, and partitions without a known start handed nothing out since assignment.
     *
     * @throws BufferUnavailableException when Kafka refuses the seek
     */
    @Override
    public void rewindToCommitted() {
        if (consumerClosed) {
            return; // a new reader resumes from the stored positions
        }
        try {
            for (TopicPartition partition : consumer.assignment()) {
                Long position = rewindTo.get(partition);
                if (position != null && !awaitingPositions.contains(partition)) {
                    consumer.seek(partition, position);
                }
            }
        } catch (KafkaException failed) {
            throw new BufferUnavailableException("rewinding the Kafka consumer failed: " + failed, settings.retryAfter(), failed);
        }
    }

    private void seekTo(TopicPartition partition, long offset) {
        try {
            consumer.seek(partition, offset);
        } catch (KafkaException failed) {
            throw new BufferUnavailableException("seeking the Kafka consumer back failed: " + failed, settings.retryAfter(), failed);
        }
    }

    private void commitForLagTools(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            // For lag tools only: a lost commit costs nothing, so no waiting and no retry.
            consumer.commitAsync(offsets, null);
        } catch (KafkaException ignored) {
            // Includes a wake-up meant for the next poll; the stored positions are what counts.
        }
    }

    /** The partitions this member reads now, for tests and diagnostics. */
    Set<Integer> assignedPartitions() {
        Set<Integer> assigned = new TreeSet<>();
        consumer.assignment().forEach(partition -> assigned.add(partition.partition()));
        return assigned;
    }

    /** Makes a blocked or the next {@link #poll} return, after which the reader closes itself. Any thread. */
    void wakeUpToClose() {
        closeRequested = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        if (consumerClosed) {
            return;
        }
        consumerClosed = true;
        try {
            consumer.close(CloseOptions.timeout(settings.requestTimeout()));
        } catch (KafkaException closing) {
            LOG.warn("Closing the Kafka consumer of group {} failed: {}", group.value(), closing.toString());
        } finally {
            onClose.accept(this);
        }
    }

    private void resumeAwaiting() {
        long now = System.nanoTime();
        if (now - nextLoadAttempt < 0) {
            return;
        }
        ConsumerPositions committed;
        try {
            committed = positions.load(group, topic);
        } catch (StoreUnavailableException down) {
            nextLoadAttempt = now + RELOAD_EVERY_NANOS;
            if (!storeDownLogged) {
                storeDownLogged = true;
                LOG.warn("Partitions {} stay paused until their stored positions can be loaded: {}", awaitingPositions, down.toString());
            }
            return;
        }
        storeDownLogged = false;
        Map<TopicPartition, OffsetAndMetadata> resumed = new HashMap<>();
        for (TopicPartition partition : awaitingPositions) {
            Optional<Offset> stored = committed.nextIn(partition.partition());
            if (stored.isPresent()) {
                long next = stored.get().value();
                consumer.seek(partition, next);
                resumed.put(partition, new OffsetAndMetadata(next));
                rewindTo.put(partition, next);
            }
        }
        if (!resumed.isEmpty()) {
            // Kafka's offsets may trail the store (a commit lost, a partition with nothing new to read); lag tools
            // should see the stored positions at once.
            commitForLagTools(resumed);
        }
        consumer.resume(awaitingPositions);
        awaitingPositions.clear();
    }

    /** Runs inside {@code poll}, on the consumer thread. */
    private final class ResumeFromStore implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            consumer.pause(assigned);
            awaitingPositions.addAll(assigned);
            // What this member held before is no start any more: the store's positions are.
            assigned.forEach(rewindTo::remove);
            nextLoadAttempt = System.nanoTime();
            resumeAwaiting();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            awaitingPositions.removeAll(revoked);
            revoked.forEach(rewindTo::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            awaitingPositions.removeAll(lost);
            lost.forEach(rewindTo::remove);
        }
    }
}
