package io.sluice.adapters.kafka;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.StreamName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns what one Kafka poll returned into a batch of at most the reader's byte budget, which keeps
 * the consumer's heap per batch bounded by bytes whatever {@code max.poll.records} allows. At least
 * one record goes out, however large. Immutable; the callbacks run on the caller's thread.
 */
final class ByteBudgetCut {

    private final StreamName topic;
    private final RecordCodec codec;
    private final long maxBytes;

    /** @param topic the one topic the reader subscribes to, whose name it holds already */
    ByteBudgetCut(StreamName topic, RecordCodec codec, long maxBytes) {
        this.topic = topic;
        this.codec = codec;
        this.maxBytes = maxBytes;
    }

    /**
     * @param firstHandedOut told, per partition with a record in the batch, the offset of its first one
     * @param readAgainFrom  told, per partition the budget cut short, the offset the next poll must read from
     */
    BufferBatch cut(ConsumerRecords<byte[], byte[]> polled, BiConsumer<TopicPartition, Long> firstHandedOut,
                    BiConsumer<TopicPartition, Long> readAgainFrom) {
        List<ReadRecord> records = new ArrayList<>(polled.count());
        List<BufferPosition> after = new ArrayList<>(polled.partitions().size());
        long bytes = 0;
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = polled.records(partition);
            int taken = 0;
            for (ConsumerRecord<byte[], byte[]> record : inPartition) {
                long size = record.value() == null ? 0 : record.value().length;
                if (!records.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                if (taken == 0) {
                    firstHandedOut.accept(partition, record.offset());
                }
                records.add(codec.decode(record.value(), partition.topic() + "/" + partition.partition() + "@" + record.offset()));
                bytes += size;
                taken++;
            }
            if (taken < inPartition.size()) {
                readAgainFrom.accept(partition, inPartition.get(taken).offset());
            }
            if (taken > 0) {
                long last = inPartition.get(taken - 1).offset();
                StreamName stream = partition.topic().equals(topic.value()) ? topic : new StreamName(partition.topic());
                after.add(new BufferPosition(stream, partition.partition(), new Offset(last + 1)));
            }
        }
        return new BufferBatch(records, after);
    }
}
