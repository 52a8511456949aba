package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.out.BufferBatch;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ReadBufferPort;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.application.port.out.BufferedRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, finding 2: a consumer batch is bounded by the bytes of its entries, not only by its record count. */
class BatchBytesTest {

    private static final ConsumerGroup GROUP = new ConsumerGroup("sluice");
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    /** 30 events of ~32 KB properties each, as one request of the finding appends them. */
    private static List<BufferedRecord> request(int n) {
        List<BufferedRecord> records = new ArrayList<>(30);
        for (int i = 0; i < 30; i++) {
            String id = "r" + n + "-" + i;
            records.add(new BufferedRecord.EventRecord(new Event(new EventId(id), new EventType("page_view"), new UserId("u" + i),
                    null, TestRecords.AT, TestRecords.AT, null, EventProperties.of(Map.of("blob", "x".repeat(32_000))),
                    EventSource.NATIVE)));
        }
        return records;
    }

    @Test
    void a_batch_of_large_entries_stops_at_the_byte_budget_and_the_rest_follows_in_later_batches() {
        long budget = 4L * 1024 * 1024;
        ChronicleSettings settings = ChronicleSettings.defaults(temp.resolve("queue")).withMaxBytesPerBatch(budget);
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, Clock.systemUTC())) {
            for (int n = 0; n < 20; n++) {
                buffer.append(request(n));
            }
            ReadBufferPort reader = buffer.reader();
            int total = 0;
            int batches = 0;
            while (true) {
                BufferBatch batch = reader.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    break;
                }
                long bytes = 0;
                for (ReadRecord record : batch.records()) {
                    bytes += record.raw().length;
                }
                // Whole entries only: the budget is passed by less than one entry (about 1 MB here).
                assertThat(bytes).isLessThanOrEqualTo(budget + 1_000_000L);
                assertThat(batch.records().size()).isLessThan(20 * 30).isPositive();
                reader.committed(batch);
                total += batch.records().size();
                batches++;
            }
            assertThat(total).isEqualTo(600);
            assertThat(batches).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void an_entry_larger_than_the_budget_is_still_handed_out_whole() {
        ChronicleSettings settings = ChronicleSettings.defaults(temp.resolve("queue")).withMaxBytesPerBatch(1_000);
        try (ChronicleBuffer buffer = new ChronicleBuffer(settings, StoredPositions.none(), GROUP, Clock.systemUTC())) {
            buffer.append(request(1));
            buffer.append(request(2));
            BufferBatch first = buffer.reader().poll(WAIT);
            assertThat(first.records()).hasSize(30);
            buffer.reader().committed(first);
            assertThat(buffer.reader().poll(WAIT).records()).hasSize(30);
        }
    }
}
