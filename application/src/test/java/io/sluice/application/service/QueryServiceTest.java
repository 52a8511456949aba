package io.sluice.application.service;

import static io.sluice.application.service.Fixtures.CLOCK;
import static io.sluice.application.service.Fixtures.eventDraft;
import static io.sluice.application.service.Fixtures.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.fakes.InMemoryBuffer;
import io.sluice.application.fakes.InMemoryStore;
import io.sluice.application.fakes.RecordingPause;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.PipelineStats;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import io.sluice.domain.event.EventSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QueryServiceTest {

    private final InMemoryBuffer buffer = new InMemoryBuffer();
    private final InMemoryStore store = new InMemoryStore();
    private final QueryService query = new QueryService(store, store, store, store, store, buffer);

    @ParameterizedTest
    @CsvSource({"-5,1", "0,1", "1,1", "10,10", "100,100", "101,100", "2147483647,100", "-2147483648,1"})
    void theNewestMetricsLimitIsClampedToOneToAHundred(int asked, int passed) {
        query.newest(asked);
        assertThat(store.lastNewestLimit()).isEqualTo(passed);
    }

    @Test
    void statsCombineTheStoreAndTheBacklog() throws InterruptedException {
        IngestService ingest = new IngestService(buffer, CLOCK, new SplittableRandom(1), ObservePipelinePort.NONE);
        ingest.ingest(new IngestEventsCommand(List.of(parsed(eventDraft("a", "click", "u", null)),
                parsed(eventDraft("b", "click", null, null))), EventSource.NATIVE, RouteFamily.NATIVE, "o"));
        new BufferConsumer(buffer.maxBatch(1), store, new ConsumerGroup("g"), DeadLetterPolicy.standard(), CLOCK,
                new SplittableRandom(2), new RecordingPause(), ObservePipelinePort.NONE).consumeNextBatch(Duration.ZERO);

        PipelineStats stats = query.stats();

        assertThat(stats.totalEvents()).isEqualTo(1);
        assertThat(stats.eventsByType()).isEqualTo(Map.of("click", 1L));
        assertThat(stats.backlog()).isEqualTo(1);
        assertThat(stats.lastProcessedAt()).isNotNull();
    }
}
