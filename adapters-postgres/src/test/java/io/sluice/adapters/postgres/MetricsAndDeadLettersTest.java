package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSample;
import io.sluice.domain.metric.MetricSummary;
import io.sluice.domain.metric.MetricWindow;
import io.sluice.application.port.out.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsAndDeadLettersTest {

    private final FreshStore fixture = new FreshStore();
    private final PostgresStore store = fixture.store();
    private final EventReads eventReads = fixture.events();
    private final MetricReads metricReads = fixture.metrics();
    private final DeadLetterStore deadLetterStore = fixture.deadLetters();

    @Test
    void summariesAreExactAndTheirP95IsWithinOnePercent() {
        Random random = new Random(7);
        Map<String, String> labels = Map.of("host", "a", "region", "eu");
        List<MetricSample> samples = new ArrayList<>();
        double[] values = new double[3000];
        for (int i = 0; i < values.length; i++) {
            // log-normal, spread over three orders of magnitude, all in one 1h bucket
            values[i] = Math.exp(random.nextGaussian() * 1.5 + 3);
            samples.add(sample("s" + i, "latency_ms", values[i], T0.plusMillis(random.nextInt(3_600_000)), labels));
        }
        samples.add(sample("other", "cpu", -1.5, T0, Map.of()));
        // three batches, the second one replayed: nothing may count twice
        store.store(batch(List.of(), samples.subList(0, 1000), List.of(), List.of()));
        StoreReport second = store.store(batch(List.of(), samples.subList(1000, 2000), List.of(), List.of()));
        StoreReport replayed = store.store(batch(List.of(), samples.subList(500, 2000), List.of(), List.of()));
        store.store(batch(List.of(), samples.subList(2000, samples.size()), List.of(), List.of()));

        assertThat(second.samplesStored()).isEqualTo(1000);
        assertThat(replayed.samplesStored()).isZero();
        List<MetricSummary> hourly = metricReads.summaries(new MetricQuery(MetricWindow.ONE_HOUR, new MetricName("latency_ms"), T0, T0.plusSeconds(3600)));
        assertThat(hourly).singleElement().satisfies(summary -> {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            assertThat(summary.count()).isEqualTo(values.length);
            assertThat(summary.sum()).isCloseTo(Arrays.stream(values).sum(), org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(summary.min()).isEqualTo(sorted[0]);
            assertThat(summary.max()).isEqualTo(sorted[sorted.length - 1]);
            double exactP95 = sorted[(int) Math.floor(0.95 * (sorted.length - 1))];
            assertThat(summary.p95()).isCloseTo(exactP95, org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(summary.key().labels().asMap()).isEqualTo(labels);
        });
        List<MetricSummary> perMinute = metricReads.summaries(new MetricQuery(MetricWindow.ONE_MINUTE, null, T0, T0.plusSeconds(3600)));
        assertThat(perMinute.stream().filter(s -> s.key().name().value().equals("latency_ms")).mapToLong(MetricSummary::count).sum())
                .isEqualTo(values.length);
        assertThat(perMinute).extracting(s -> s.key().bucketStart()).isSorted();
        assertThat(metricReads.summaries(new MetricQuery(MetricWindow.FIVE_MINUTES, new MetricName("cpu"), T0, T0.plusSeconds(300))))
                .singleElement().satisfies(s -> {
                    assertThat(s.min()).isEqualTo(-1.5);
                    assertThat(s.p95()).isEqualTo(-1.5);
                });
        assertThat(eventReads.stats().metricSamples()).isEqualTo(values.length + 1);
    }

    @Test
    void newestSamplesComeFirst() {
        store.store(batch(List.of(), List.of(
                sample("a", "cpu", 1, T0, Map.of()),
                sample("b", "cpu", 2, T0.plusSeconds(2), Map.of("core", "0")),
                sample("c", "cpu", 3, T0.plusSeconds(1), Map.of())), List.of(), List.of()));

        List<StoredMetric> newest = metricReads.newest(2);

        assertThat(newest).extracting(m -> m.sample().id()).containsExactly("b", "c");
        assertThat(newest.get(0).sample().labels().asMap()).containsEntry("core", "0");
        assertThat(newest.get(0).sample().timestamp()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void deadLettersAreListedReplayedOnceAndDecodedAgain() {
        DeadLetter eventDoc = letter(DeadLetterReason.INVALID, "{\"event_type\":\"click\",\"user_id\":\"u1\"}", "native", 0);
        DeadLetter notAnObject = letter(DeadLetterReason.MALFORMED, "[1,2]", "kafka", 1);
        DeadLetter notJson = letter(DeadLetterReason.MALFORMED, "\u0000garbage", "kafka", 2);
        DeadLetter metricDoc = letter(DeadLetterReason.INVALID, "{\"name\":\"cpu\",\"value\":\"high\"}", "native", 3);
        StoreReport report = store.store(batch(List.of(), List.of(), List.of(eventDoc, notAnObject, notJson, metricDoc), List.of()));
        assertThat(report.deadLettered()).isEqualTo(4);

        List<StoredDeadLetter> all = deadLetterStore.find(query(null, null, null, 10));
        assertThat(all).extracting(StoredDeadLetter::letter).containsExactly(metricDoc, notJson, notAnObject, eventDoc);
        assertThat(deadLetterStore.find(query(DeadLetterReason.MALFORMED, null, null, 10))).extracting(StoredDeadLetter::letter)
                .containsExactly(notJson, notAnObject);
        assertThat(deadLetterStore.find(query(null, "native", null, 10))).hasSize(2);
        assertThat(deadLetterStore.find(query(null, null, all.get(1).id(), 10))).extracting(StoredDeadLetter::letter)
                .containsExactly(notAnObject, eventDoc);
        assertThat(deadLetterStore.findById(all.get(0).id())).get().extracting(StoredDeadLetter::letter).isEqualTo(metricDoc);
        assertThat(eventReads.stats().deadLetters()).containsExactlyInAnyOrderEntriesOf(Map.of("invalid", 2L, "malformed", 2L));

        List<ReplayCandidate> candidates = deadLetterStore.replayCandidates(query(null, null, null, 10));
        assertThat(candidates).extracting(c -> c.draft().getClass().getSimpleName())
                .containsExactly("OfMetric", "Unreadable", "Unreadable", "OfEvent");
        assertThat(((RecordDraft.OfEvent) candidates.get(3).draft()).draft().eventType()).isEqualTo("click");
        assertThat(((RecordDraft.Unreadable) candidates.get(2).draft()).reason()).contains("not a JSON object");

        long eventLetter = candidates.get(3).stored().id();
        long metricLetter = candidates.get(0).stored().id();
        assertThat(deadLetterStore.replayCandidate(eventLetter)).get().extracting(c -> c.stored().id()).isEqualTo(eventLetter);
        assertThat(deadLetterStore.replayCandidate(metricLetter)).get().extracting(c -> c.draft().getClass().getSimpleName())
                .isEqualTo("OfMetric");
        assertThat(deadLetterStore.replayCandidate(metricLetter + 1000)).isEmpty();
        deadLetterStore.markReplayed(Map.of(eventLetter, "dl-" + eventLetter), T0);
        // Replayed: by id it is no candidate any more, and no other letter stands in for it.
        assertThat(deadLetterStore.replayCandidate(eventLetter)).isEmpty();

        assertThat(deadLetterStore.replayCandidates(query(null, null, null, 10))).extracting(c -> c.stored().id()).doesNotContain(eventLetter).hasSize(3);
        StoredDeadLetter replayed = deadLetterStore.findById(eventLetter).orElseThrow();
        assertThat(replayed.replayedAt()).isEqualTo(T0);
        assertThat(replayed.replayedEventId()).isEqualTo("dl-" + eventLetter);
        assertThat(deadLetterStore.find(new DeadLetterQuery(null, null, null, null, true, null, 10))).extracting(StoredDeadLetter::id)
                .containsExactly(eventLetter);
        deadLetterStore.markReplayed(Map.of(eventLetter, "second-time"), T0.plusSeconds(5));
        assertThat(deadLetterStore.findById(eventLetter).orElseThrow().replayedEventId()).isEqualTo("dl-" + eventLetter);
    }

    private static DeadLetterQuery query(DeadLetterReason reason, String source, Long beforeId, int limit) {
        return new DeadLetterQuery(reason, source, null, null, null, beforeId, limit);
    }

    private static DeadLetter letter(DeadLetterReason reason, String payload, String source, int n) {
        return new DeadLetter(reason, "detail " + n, payload.getBytes(StandardCharsets.UTF_8), "user-events/0@" + n,
                new EventSource(source), null, T0.plusSeconds(n), 1);
    }
}
