package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.application.port.in.PartitionBacklog;
import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.service.BufferConsumer;
import io.sluice.application.service.Pause;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The adapter against one real broker: what ingress appends and foreign producers write is read back right. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaBufferTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private KafkaBrokers brokers;
    private Admin admin;

    @BeforeAll
    void startBroker() {
        brokers = KafkaBrokers.start(1);
        admin = Admin.create(Map.of("bootstrap.servers", brokers.bootstrapServers()));
    }

    @AfterAll
    void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (brokers != null) {
            brokers.close();
        }
    }

    private KafkaSettings settings(int partitions) {
        String name = "events-" + UUID.randomUUID();
        return KafkaSettings.defaults(brokers.bootstrapServers())
                .withTopics(name, name + ".dlq")
                .withLayout(partitions, (short) 1, 1, Duration.ofDays(1))
                .withGroupId("group-" + name);
    }

    private static ConsumerGroup group(KafkaSettings settings) {
        return new ConsumerGroup(settings.groupId());
    }

    @Test
    void appended_records_read_back_in_each_users_order_with_the_positions_after_them() throws Exception {
        KafkaSettings settings = settings(4);
        InMemoryStore store = new InMemoryStore();
        List<BufferedRecord> appended = Events.events("e", 500, 13);
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group(settings))) {
            for (int from = 0; from < appended.size(); from += 50) {
                buffer.append(appended.subList(from, from + 50));
            }
            List<ReadRecord> read;
            try (ReadBufferPort reader = buffer.reader()) {
                read = Reading.readAndStore(reader, store, group(settings), appended.size(), WITHIN);
                assertThat(Reading.readFor(reader, Duration.ofMillis(500))).isEmpty();
            }

            assertThat(read).hasSize(appended.size());
            Map<String, List<Integer>> sequenceByUser = new HashMap<>();
            Map<String, String> partitionByUser = new HashMap<>();
            for (ReadRecord record : read) {
                assertThat(record.draft()).isInstanceOf(RecordDraft.OfEvent.class);
                EventDraft draft = ((RecordDraft.OfEvent) record.draft()).draft();
                assertThat(draft.source()).isEqualTo(EventSource.NATIVE);
                assertThat(draft.eventType()).isEqualTo("page_view");
                assertThat(draft.receivedAt()).isNotNull();
                String user = (String) draft.userId();
                sequenceByUser.computeIfAbsent(user, u -> new ArrayList<>())
                        .add(Integer.parseInt(((String) draft.eventId()).substring(2)));
                String partition = record.origin().substring(0, record.origin().indexOf('@'));
                assertThat(partitionByUser.putIfAbsent(user, partition)).isIn(null, partition);
            }
            assertThat(sequenceByUser).hasSize(13);
            sequenceByUser.values().forEach(sequence -> assertThat(sequence).isSorted().doesNotHaveDuplicates());
            assertThat(store.positions(group(settings), settings.topic())).isEqualTo(endOffsets(settings.topic(), 4));
        }
    }

    @Test
    void foreign_records_become_events_and_malformed_ones_dead_letters_without_blocking_their_partition() throws Exception {
        KafkaSettings settings = settings(3);
        InMemoryStore store = new InMemoryStore();
        List<byte[]> malformed = new ArrayList<>();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group(settings));
             KafkaProducer<String, byte[]> foreign = new KafkaProducer<>(foreignProducerSettings(),
                     new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String user = "user_" + (i % 37);
                String json = "{\"event_id\":\"seed-" + i + "\",\"user_id\":\"" + user + "\",\"event_type\":\"purchase\","
                        + "\"timestamp\":\"2026-03-01T12:00:00.123456\",\"event_data\":{\"amount\":" + (i % 200) + ",\"page\":\"/p\"},"
                        + "\"duration_seconds\":" + (i % 60) + "}";
                sends.add(foreign.send(new ProducerRecord<>(settings.topic(), user, json.getBytes(StandardCharsets.UTF_8))));
                if (i % 100 == 50) {
                    byte[] bad = badRecord(i / 100);
                    malformed.add(bad);
                    sends.add(foreign.send(new ProducerRecord<>(settings.topic(), "bad-" + i, bad)));
                }
            }
            foreign.flush();
            for (java.util.concurrent.Future<?> send : sends) {
                send.get(); // the foreign producer's own failure must not pass for Sluice's
            }

            ConsumerGroup group = group(settings);
            try (ReadBufferPort reader = buffer.reader()) {
                BufferConsumer consumer = new BufferConsumer(reader, store, group, DeadLetterPolicy.standard(), Clock.systemUTC(),
                        new Random(7), Pause.SLEEP, ObservePipelinePort.NONE);
                long deadline = System.nanoTime() + WITHIN.toNanos();
                while (store.events().size() + store.deadLetters().size() < 1010) {
                    if (System.nanoTime() > deadline) {
                        fail("stored " + store.events().size() + " events and " + store.deadLetters().size() + " dead letters");
                    }
                    consumer.consumeNextBatch(Duration.ofMillis(200));
                }
            }

            assertThat(store.events()).hasSize(1000).allSatisfy(event -> assertThat(event.source()).isEqualTo(EventSource.FOREIGN_PRODUCER));
            assertThat(store.events()).extracting(Event::id).extracting(id -> id.value()).contains("seed-0", "seed-999");
            List<DeadLetter> deadLetters = store.deadLetters();
            assertThat(deadLetters).hasSize(10);
            assertThat(deadLetters).filteredOn(d -> d.reason() == DeadLetterReason.MALFORMED).hasSize(8);
            assertThat(deadLetters).filteredOn(d -> d.reason() == DeadLetterReason.INVALID).hasSize(2);
            assertThat(deadLetters).allSatisfy(d -> assertThat(d.origin()).matches(settings.topic() + "/\\d@\\d+"));
            assertThat(deadLetters.stream().map(DeadLetter::payload).map(p -> new String(p, StandardCharsets.UTF_8)))
                    .containsExactlyInAnyOrderElementsOf(malformed.stream()
                            .map(p -> p == null ? "" : new String(p, StandardCharsets.UTF_8)).toList());
            // Nothing stuck: every partition's stored position is its end.
            assertThat(store.positions(group, settings.topic())).isEqualTo(endOffsets(settings.topic(), 3));

            List<ConsumerRecord<byte[], byte[]>> copies = readAll(settings.deadLetterTopic(), 8);
            assertThat(copies).hasSize(8).allSatisfy(copy -> {
                assertThat(copy.headers().lastHeader(DeadLetterCopy.ORIGIN_HEADER)).isNotNull();
                assertThat(copy.headers().lastHeader(DeadLetterCopy.REASON_HEADER)).isNotNull();
            });
        }
    }

    /** Not JSON (3), a JSON array (2), a null value (2), JSON of neither shape (1), events missing a field (2). */
    private static byte[] badRecord(int n) {
        String text = switch (n) {
            case 0 -> "not json at all";
            case 1 -> "{\"event_id\": \"broken";
            case 2 -> "{} trailing";
            case 3 -> "[1, 2, 3]";
            case 4 -> "[{\"event_id\":\"in-array\",\"user_id\":\"u\",\"event_type\":\"t\"}]";
            case 5, 6 -> null;
            case 7 -> "{\"foo\":\"bar\"}";
            case 8 -> "{\"event_id\":\"no-user\",\"event_type\":\"click\"}";
            default -> "{\"event_id\":\"no-type\",\"user_id\":\"u1\",\"event_data\":{}}";
        };
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void every_assigned_partition_resumes_at_its_stored_position_or_at_the_beginning() throws Exception {
        KafkaSettings settings = settings(3);
        ConsumerGroup group = group(settings);
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            writeToPartitions(settings.topic(), 3, 10);
            store.storePosition(group, settings.topic(), 0, 6);
            store.storePosition(group, settings.topic(), 1, 10);
            try (ReadBufferPort reader = buffer.reader()) {
                List<ReadRecord> read = Reading.readAndStore(reader, store, group, 14, WITHIN);
                assertThat(Reading.readFor(reader, Duration.ofSeconds(1))).isEmpty();
                assertThat(read).extracting(ReadRecord::origin).containsExactlyInAnyOrderElementsOf(origins(settings.topic(),
                        Map.of(0, 6, 2, 0), 10));
            }
        }
    }

    @Test
    void newly_assigned_partitions_wait_paused_while_their_stored_positions_cannot_be_loaded() throws Exception {
        KafkaSettings settings = settings(2);
        ConsumerGroup group = group(settings);
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            writeToPartitions(settings.topic(), 2, 5);
            store.storePosition(group, settings.topic(), 0, 3);
            store.down(true);
            try (ReadBufferPort reader = buffer.reader()) {
                assertThat(Reading.readFor(reader, Duration.ofSeconds(4))).isEmpty();
                assertThat(store.loads()).as("the reader asked the store again while paused").isGreaterThan(1);
                store.down(false);
                List<ReadRecord> read = Reading.readAndStore(reader, store, group, 7, WITHIN);
                assertThat(read).extracting(ReadRecord::origin)
                        .containsExactlyInAnyOrderElementsOf(origins(settings.topic(), Map.of(0, 3, 1, 0), 5));
            }
        }
    }

    @Test
    void when_a_member_leaves_the_other_takes_all_partitions_from_the_stored_positions_including_an_unstored_batch() throws Exception {
        KafkaSettings settings = settings(6);
        ConsumerGroup group = group(settings);
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            KafkaBufferReader first = (KafkaBufferReader) buffer.reader();
            KafkaBufferReader second = (KafkaBufferReader) buffer.reader();
            Map<String, Integer> storedTimes = new HashMap<>();
            // Both members poll in turn until the group gave each of them half the partitions.
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (first.assignedPartitions().size() != 3 || second.assignedPartitions().size() != 3) {
                if (System.nanoTime() > deadline) {
                    fail("the group did not settle: " + first.assignedPartitions() + " / " + second.assignedPartitions());
                }
                pollAndStore(first, store, group, storedTimes, 1);
                pollAndStore(second, store, group, storedTimes, 1);
            }
            writeToPartitions(settings.topic(), 6, 20);
            while (storedTimes.size() < 120) {
                if (System.nanoTime() > deadline) {
                    fail("stored " + storedTimes.size() + " of 120 records");
                }
                pollAndStore(first, store, group, storedTimes, 1);
                pollAndStore(second, store, group, storedTimes, 1);
            }
            // A batch in flight when its member goes: read but never stored.
            writeToPartitions(settings.topic(), 6, 5);
            BufferBatch unstored = BufferBatchWaiter.next(first, WITHIN);
            assertThat(unstored.records()).isNotEmpty();
            first.close();

            try {
                long until = System.nanoTime() + WITHIN.toNanos();
                while (storedTimes.size() < 150) {
                    if (System.nanoTime() > until) {
                        fail("stored " + storedTimes.size() + " of 150 records");
                    }
                    pollAndStore(second, store, group, storedTimes, 1);
                }
                assertThat(Reading.readFor(second, Duration.ofSeconds(1))).isEmpty();
            } finally {
                second.close();
            }
            assertThat(storedTimes.keySet()).containsExactlyInAnyOrderElementsOf(origins(settings.topic(),
                    Map.of(0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0), 25));
            assertThat(storedTimes.values()).as("no record stored twice").containsOnly(1);
            assertThat(unstored.records()).extracting(ReadRecord::origin).allSatisfy(o -> assertThat(storedTimes).containsKey(o));
        }
    }

    @Test
    void a_rewind_seeks_back_to_the_position_last_committed_to_the_store() throws Exception {
        KafkaSettings settings = settings(1).withClientProperties(Map.of("max.poll.records", "3"));
        ConsumerGroup group = group(settings);
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            writeToPartitions(settings.topic(), 1, 12);
            store.storePosition(group, settings.topic(), 0, 2);
            try (ReadBufferPort reader = buffer.reader()) {
                BufferBatch a = BufferBatchWaiter.next(reader, WITHIN);
                assertThat(a.records()).first().extracting(ReadRecord::origin).isEqualTo(settings.topic() + "/0@2");
                reader.rewindToCommitted();
                BufferBatch aAgain = BufferBatchWaiter.next(reader, WITHIN);
                assertThat(origins(aAgain)).isEqualTo(origins(a));
                assertThat(aAgain.positionsAfter()).isEqualTo(a.positionsAfter());

                store.storePositions(group, aAgain.positionsAfter());
                reader.committed(aAgain);
                BufferBatch b = BufferBatchWaiter.next(reader, WITHIN);
                BufferBatch c = BufferBatchWaiter.next(reader, WITHIN);
                assertThat(origins(c)).doesNotContainAnyElementsOf(origins(b));
                reader.rewindToCommitted();
                BufferBatch bAgain = BufferBatchWaiter.next(reader, WITHIN);
                assertThat(origins(bAgain)).as("B again, not C").isEqualTo(origins(b));

                store.storePositions(group, bAgain.positionsAfter());
                reader.committed(bAgain);
                List<ReadRecord> rest = Reading.readAndStore(reader, store, group, 10 - a.records().size() - b.records().size(), WITHIN);
                List<String> all = new ArrayList<>(origins(aAgain));
                all.addAll(origins(bAgain));
                rest.forEach(record -> all.add(record.origin()));
                assertThat(all).containsExactlyElementsOf(origins(settings.topic(), Map.of(0, 2), 12));
                assertThat(Reading.readFor(reader, Duration.ofMillis(500))).isEmpty();
            }
        }
    }

    @Test
    void a_rewind_also_covers_partitions_never_stored_and_reads_each_record_once_after_it() throws Exception {
        KafkaSettings settings = settings(2).withClientProperties(Map.of("max.poll.records", "4"));
        ConsumerGroup group = group(settings);
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            writeToPartitions(settings.topic(), 2, 10);
            store.storePosition(group, settings.topic(), 0, 4);
            try (ReadBufferPort reader = buffer.reader()) {
                List<String> stored = new ArrayList<>();
                BufferBatch forgotten = BufferBatchWaiter.next(reader, WITHIN);
                reader.rewindToCommitted();
                BufferBatch committed = BufferBatchWaiter.next(reader, WITHIN);
                store.storePositions(group, committed.positionsAfter());
                reader.committed(committed);
                stored.addAll(origins(committed));
                BufferBatch forgottenToo = BufferBatchWaiter.next(reader, WITHIN);
                reader.rewindToCommitted();

                Reading.readAndStore(reader, store, group, 16 - stored.size(), WITHIN).forEach(record -> stored.add(record.origin()));

                assertThat(stored).as("every record from the stored positions (partition 1 never stored), each once")
                        .containsExactlyInAnyOrderElementsOf(origins(settings.topic(), Map.of(0, 4, 1, 0), 10));
                assertThat(stored).containsAll(origins(forgotten)).containsAll(origins(forgottenToo));
                assertThat(Reading.readFor(reader, Duration.ofMillis(500))).isEmpty();
            }
        }
    }

    @Test
    void a_consumer_whose_store_throws_an_error_stores_every_record_once_it_recovers() throws Exception {
        KafkaSettings settings = settings(2).withClientProperties(Map.of("max.poll.records", "5"));
        ConsumerGroup group = group(settings);
        InMemoryStore store = new InMemoryStore();
        int[] calls = {0};
        StoreBatchPort failingTwice = batch -> {
            calls[0]++;
            if (calls[0] == 1 || calls[0] == 3) {
                throw new StackOverflowError("deep recursion (test)");
            }
            return store.store(batch);
        };
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            writeToPartitions(settings.topic(), 2, 20);
            try (ReadBufferPort reader = buffer.reader()) {
                BufferConsumer consumer = new BufferConsumer(reader, failingTwice, group, DeadLetterPolicy.standard(), Clock.systemUTC(),
                        new Random(7), Pause.SLEEP, ObservePipelinePort.NONE);
                int errors = 0;
                long deadline = System.nanoTime() + WITHIN.toNanos();
                while (store.events().size() < 40) {
                    if (System.nanoTime() > deadline) {
                        fail("stored " + store.events().size() + " of 40 events");
                    }
                    try {
                        consumer.consumeNextBatch(Duration.ofMillis(200));
                    } catch (StackOverflowError expected) {
                        errors++;
                    }
                }
                assertThat(errors).isEqualTo(2);
                assertThat(Reading.readFor(reader, Duration.ofMillis(500))).isEmpty();
            }
            assertThat(store.positions(group, settings.topic())).isEqualTo(endOffsets(settings.topic(), 2));
        }
    }

    private static List<String> origins(BufferBatch batch) {
        return batch.records().stream().map(ReadRecord::origin).toList();
    }

    private static boolean pollAndStore(ReadBufferPort reader, InMemoryStore store, ConsumerGroup group,
                                         Map<String, Integer> storedTimes, int times) {
        BufferBatch batch = reader.poll(Duration.ofMillis(100));
        for (ReadRecord record : batch.records()) {
            storedTimes.merge(record.origin(), times, Integer::sum);
        }
        store.storePositions(group, batch.positionsAfter());
        reader.committed(batch);
        return !batch.records().isEmpty();
    }

    @Test
    void backlog_is_the_groups_lag_per_partition_and_in_total() throws Exception {
        KafkaSettings settings = settings(2);
        ConsumerGroup group = group(settings);
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            writeToPartitions(settings.topic(), 2, 30);
            awaitBacklog(buffer, 60);
            assertThat(buffer.lagByPartition()).isEqualTo(Map.of(0, 30L, 1, 30L));
            assertThat(buffer.backlogByPartition()).containsExactly(new PartitionBacklog(0, 30), new PartitionBacklog(1, 30));
            store.storePosition(group, settings.topic(), 0, 30);
            try (ReadBufferPort reader = buffer.reader()) {
                Reading.readAndStore(reader, store, group, 30, WITHIN);
                awaitBacklog(buffer, 0);
                assertThat(buffer.backlogByPartition()).containsExactly(new PartitionBacklog(0, 0), new PartitionBacklog(1, 0));
            }
        }
    }

    private static void awaitBacklog(KafkaBuffer buffer, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (buffer.backlog() != expected) {
            if (System.nanoTime() > deadline) {
                fail("backlog stayed " + buffer.backlog() + ", expected " + expected);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void measures_append_throughput_in_requests_of_100() throws Exception {
        KafkaSettings settings = settings(6);
        InMemoryStore store = new InMemoryStore();
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group(settings))) {
            List<BufferedRecord> batch = Events.events("t", 100, 50);
            buffer.append(batch);
            int requests = 300;
            long started = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                buffer.append(batch);
            }
            double oneThread = requests * 100 / ((System.nanoTime() - started) / 1e9);

            int threads = 16;
            int perThread = 500;
            Thread[] workers = new Thread[threads];
            started = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        buffer.append(batch);
                    }
                });
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            double manyThreads = threads * perThread * 100 / ((System.nanoTime() - started) / 1e9);
            System.out.printf("append throughput (batches of 100, %s, batch.size %d, linger %s): 1 thread %.0f rec/s, %d threads %.0f rec/s%n",
                    settings.compression(), settings.batchSizeBytes(), settings.linger(), oneThread, threads, manyThreads);
            long total = endOffsets(settings.topic(), 6).values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).isEqualTo(100L * (1 + requests + threads * perThread));
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getValue().offset() > 0)
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    /**
     * A plain producer like a foreign client's, with one request in flight: on these loaded two cores the
     * broker in the test JVM answered a pipelined idempotent producer OutOfOrderSequence once.
     */
    private Map<String, Object> foreignProducerSettings() {
        return Map.of("bootstrap.servers", brokers.bootstrapServers(), "acks", "all",
                "max.in.flight.requests.per.connection", 1, "delivery.timeout.ms", 120_000);
    }

    private void writeToPartitions(String topic, int partitions, int perPartition) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(foreignProducerSettings(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    String json = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"user_id\":\"u" + p + "\",\"event_type\":\"view\"}";
                    producer.send(new ProducerRecord<>(topic, p, "u" + p, json.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    /** {@code topic/p@o} for each partition from its first offset to {@code end} (exclusive). */
    private static List<String> origins(String topic, Map<Integer, Integer> fromByPartition, int end) {
        List<String> origins = new ArrayList<>();
        fromByPartition.forEach((partition, from) -> {
            for (int offset = from; offset < end; offset++) {
                origins.add(topic + "/" + partition + "@" + offset);
            }
        });
        return origins;
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", brokers.bootstrapServers(),
                "group.id", "reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            read.addAll(consumer.poll(Duration.ofMillis(500)).records(new TopicPartition(topic, 0)));
        }
        return read;
    }

    /** Waits for the next non-empty batch. */
    static final class BufferBatchWaiter {
        private BufferBatchWaiter() {
        }

        static BufferBatch next(ReadBufferPort reader, Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                BufferBatch batch = reader.poll(Duration.ofMillis(200));
                if (!batch.records().isEmpty()) {
                    return batch;
                }
            }
            throw new AssertionError("no batch within " + within);
        }
    }
}
