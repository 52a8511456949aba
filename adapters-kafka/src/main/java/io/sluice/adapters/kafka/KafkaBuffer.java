package io.sluice.adapters.kafka;

import io.sluice.application.port.in.PartitionBacklog;
import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.BufferUnavailableException;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.MeasureBacklogPort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.application.port.out.BufferedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * The production buffer on Apache Kafka (DESIGN §2.2). One idempotent producer ({@code acks=all}),
 * shared by all request threads, appends each record to the events topic keyed by its ordering key
 * (the user id), so one user's events stay in one partition, in order. {@link #append} returns only
 * when Kafka acknowledged every record of the call, and otherwise throws
 * {@link BufferUnavailableException} within {@link KafkaSettings#appendBound()}: never a partial
 * success. Records of a refused append may still reach Kafka afterwards (the producer keeps retrying
 * until its delivery timeout); the client's retry then duplicates them, and the store drops the
 * duplicates by event id.
 *
 * <p>Also measures the consumer group's lag (cached, refreshed in the background) and hands out
 * {@link KafkaBufferReader}s, one per consumer thread.
 *
 * <p>Thread-safe. Close it after the consumer threads stopped; closing wakes readers still polling.
 */
public final class KafkaBuffer implements AppendToBufferPort, MeasureBacklogPort, AutoCloseable {

    private static final Duration LAG_REFRESH = Duration.ofSeconds(1);
    private static final Duration LAG_STALE = Duration.ofSeconds(15);

    private final KafkaSettings settings;
    private final LoadConsumerPositionsPort positions;
    private final ConsumerGroup group;
    private final List<String> topicDifferences;
    private final RecordCodec codec;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final ConsumerLag lag;
    private final DeadLetterCopy deadLetterCopy;
    private final long appendBoundNanos;
    private final AtomicInteger readerCount = new AtomicInteger();
    private final Set<KafkaBufferReader> readers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private KafkaBuffer(KafkaSettings settings, LoadConsumerPositionsPort positions, ConsumerGroup group, List<String> topicDifferences,
                        PiiPolicy pii) {
        this.codec = new RecordCodec(pii);
        this.settings = settings;
        this.positions = positions;
        this.group = group;
        this.topicDifferences = List.copyOf(topicDifferences);
        this.appendBoundNanos = settings.appendBound().toNanos();
        this.producer = KafkaClients.producer(settings);
        try {
            this.admin = KafkaClients.admin(settings, "-lag");
            this.lag = new ConsumerLag(admin, settings.topic(), group.value(), LAG_REFRESH, LAG_STALE, settings.requestTimeout());
            this.deadLetterCopy = new DeadLetterCopy(producer, settings.deadLetterTopic());
        } catch (RuntimeException failed) {
            producer.close(Duration.ZERO);
            throw failed;
        }
    }

    /**
     * Checks or creates the topics ({@link TopicSetup}), then connects the producer.
     *
     * @param positions where readers find the positions stored with the data
     * @param group     the consumer group; must be {@link KafkaSettings#groupId()}, so that the positions in
     *                  the store and the offsets lag tools read in Kafka belong to the same group
     * @throws BufferUnavailableException when the cluster does not answer within {@code startupTimeout}
     */
    public static KafkaBuffer open(KafkaSettings settings, LoadConsumerPositionsPort positions, ConsumerGroup group) {
        return open(settings, positions, group, PiiPolicy.NONE);
    }

    /**
     * @param pii hashes or redacts personal data in records written by foreign producers before they
     *            are stored or dead-lettered
     */
    public static KafkaBuffer open(KafkaSettings settings, LoadConsumerPositionsPort positions, ConsumerGroup group, PiiPolicy pii) {
        if (!settings.groupId().equals(group.value())) {
            throw new IllegalArgumentException("the Kafka group id " + settings.groupId() + " differs from the consumer group "
                    + group.value() + " positions are stored under");
        }
        List<String> differences = TopicSetup.ensureTopics(settings);
        return new KafkaBuffer(settings, positions, group, differences, pii);
    }

    @Override
    public void append(List<BufferedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        if (closed) {
            throw new BufferUnavailableException("the Kafka buffer is shut down", settings.retryAfter(), null);
        }
        long deadline = System.nanoTime() + appendBoundNanos;
        // Encoding first: a record that cannot be encoded is a bug, not an outage, and must not reach the topic half-sent.
        List<byte[]> values = new ArrayList<>(records.size());
        for (BufferedRecord record : records) {
            values.add(codec.encode(record));
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (int i = 0; i < values.size(); i++) {
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(settings.topic(), records.get(i).orderingKey(), values.get(i)));
                // A send that failed at once (no metadata after max.block.ms) would make every later send wait as long.
                if (ack.isDone()) {
                    ack.get();
                }
                acks.add(ack);
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException failed) {
            throw refused("Kafka did not acknowledge the records: " + failed.getCause(), failed.getCause());
        } catch (TimeoutException late) {
            throw refused("Kafka did not acknowledge the records within " + settings.appendBound(), late);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw refused("interrupted while waiting for Kafka's acknowledgement", interrupted);
        } catch (KafkaException | IllegalStateException failed) {
            // IllegalStateException: the producer was closed under a request thread during shutdown.
            throw refused("Kafka refused the records: " + failed, failed);
        }
    }

    private BufferUnavailableException refused(String message, Throwable cause) {
        return new BufferUnavailableException(message, settings.retryAfter(), cause);
    }

    /** The group's total lag on the events topic, measured at most a few seconds ago; -1 when unknown. */
    @Override
    public long backlog() {
        return lag.total();
    }

    /** The group's lag per partition of the events topic, for metrics; empty when unknown. */
    public Map<Integer, Long> lagByPartition() {
        return lag.byPartition();
    }

    /** The group's lag per partition of the events topic, by partition number; empty when unknown. */
    @Override
    public List<PartitionBacklog> backlogByPartition() {
        List<PartitionBacklog> partitions = new ArrayList<>();
        lag.byPartition().forEach((partition, records) -> partitions.add(new PartitionBacklog(partition, records)));
        partitions.sort(java.util.Comparator.comparingInt(PartitionBacklog::partition));
        return List.copyOf(partitions);
    }

    /** How the existing topics differed from the configuration at start-up (also logged); empty when they match. */
    public List<String> topicDifferences() {
        return topicDifferences;
    }

    /** Dead-letter copies the readers could not write to the dead-letter topic (the store holds them all). */
    public long deadLetterCopiesFailed() {
        return deadLetterCopy.failed();
    }

    /**
     * A reader for one consumer thread, in this buffer's consumer group. It resumes every partition
     * it is assigned from the positions stored with the data.
     */
    public ReadBufferPort reader() {
        return reader(KafkaClients.maxPollBytes(settings));
    }

    /** A reader whose batches carry at most {@code maxPollBytes} of record values (a single larger record whole). */
    ReadBufferPort reader(long maxPollBytes) {
        if (closed) {
            throw new IllegalStateException("the Kafka buffer is closed");
        }
        KafkaBufferReader reader = new KafkaBufferReader(settings, group, "-consumer-" + readerCount.incrementAndGet(),
                positions, codec, deadLetterCopy, readers::remove, maxPollBytes);
        readers.add(reader);
        return reader;
    }

    @Override
    public void close() {
        closed = true;
        for (KafkaBufferReader reader : readers) {
            reader.wakeUpToClose();
        }
        lag.close();
        admin.close(Duration.ofSeconds(5));
        // Sends in flight get their acknowledgement or their failure before the producer goes.
        producer.close(settings.deliveryTimeout());
    }
}
