package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.application.port.out.RecordDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 13, finding 2, on a real broker: a consumer batch carries at most the byte budget of record
 * values (one larger record whole), whatever {@code max.poll.records} allows, and the records cut
 * from a poll are read by the next one: none lost, none twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaBatchBytesTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private KafkaBrokers brokers;

    @BeforeAll
    void startBroker() {
        brokers = KafkaBrokers.start(1);
    }

    @AfterAll
    void stopBroker() {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void batches_stop_at_the_byte_budget_and_every_record_is_read_once() {
        String name = "events-" + UUID.randomUUID();
        KafkaSettings settings = KafkaSettings.defaults(brokers.bootstrapServers())
                .withTopics(name, name + ".dlq")
                .withLayout(3, (short) 1, 1, Duration.ofDays(1))
                .withGroupId("group-" + name);
        ConsumerGroup group = new ConsumerGroup(settings.groupId());
        InMemoryStore store = new InMemoryStore();
        long budget = 256 * 1024;
        List<BufferedRecord> appended = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            appended.add(new BufferedRecord.EventRecord(new Event(new EventId("big-" + i), new EventType("page_view"),
                    new UserId("u" + (i % 17)), null, AT, AT, null, EventProperties.of(Map.of("blob", "x".repeat(30_000))),
                    EventSource.NATIVE)));
        }
        try (KafkaBuffer buffer = KafkaBuffer.open(settings, store, group)) {
            for (int from = 0; from < appended.size(); from += 30) {
                buffer.append(appended.subList(from, from + 30));
            }
            Set<String> ids = new HashSet<>();
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try (ReadBufferPort reader = buffer.reader(budget)) {
                while (read < appended.size() && System.nanoTime() < deadline) {
                    BufferBatch batch = reader.poll(Duration.ofMillis(200));
                    long bytes = 0;
                    for (ReadRecord record : batch.records()) {
                        bytes += record.raw().length;
                        EventDraft draft = ((RecordDraft.OfEvent) record.draft()).draft();
                        assertThat(ids.add((String) draft.eventId())).as("read twice: %s", draft.eventId()).isTrue();
                    }
                    assertThat(bytes).isLessThanOrEqualTo(budget + 40_000);
                    read += batch.records().size();
                    store.storePositions(group, batch.positionsAfter());
                    reader.committed(batch);
                }
            }
            assertThat(ids).hasSize(appended.size());
        }
    }
}
