package io.sluice.adapters.kafka;

import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Copies the records the reader could not decode to the dead-letter topic, original bytes in the
 * value and the origin ({@code topic/partition@offset}) and reason in headers, so Kafka tools see
 * them too. A copy, not the record of truth: the store's {@code dead_letters} table holds every dead
 * letter in the same transaction as the positions; a copy may be lost on a crash or repeated after a
 * rebalance. Records that decode but fail validation are decided by the consumer service after the
 * adapter let go of them, so they are not copied. Thread-safe.
 */
final class DeadLetterCopy {

    static final String ORIGIN_HEADER = "sluice.origin";
    static final String REASON_HEADER = "sluice.reason";

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong failed = new AtomicLong();
    private final Callback countFailure;

    DeadLetterCopy(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.countFailure = (metadata, exception) -> {
            if (exception != null) {
                failed.incrementAndGet();
            }
        };
    }

    /** Sends without waiting: the consumer thread must not stall on a copy. */
    void copyUnreadable(List<ReadRecord> records) {
        for (ReadRecord record : records) {
            if (record.draft() instanceof RecordDraft.Unreadable unreadable) {
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topic, null, record.raw());
                copy.headers().add(ORIGIN_HEADER, record.origin().getBytes(StandardCharsets.UTF_8));
                copy.headers().add(REASON_HEADER, unreadable.reason().getBytes(StandardCharsets.UTF_8));
                try {
                    producer.send(copy, countFailure);
                } catch (KafkaException | IllegalStateException unavailable) {
                    failed.incrementAndGet();
                }
            }
        }
    }

    long failed() {
        return failed.get();
    }
}
