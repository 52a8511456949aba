package io.sluice.adapters.prometheus;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.port.out.PipelineTotals;
import io.sluice.application.port.out.ReadPipelineTotalsPort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.deadletter.FailureKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's own metrics, recorded where the use cases report them. Labels are bounded: route
 * families, outcomes and failure kinds only, never a user or an event id. Thread-safe.
 */
public final class PrometheusPipelineMetrics implements ObservePipelinePort, ReadPipelineTotalsPort {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusPipelineMetrics.class);

    private final Counter ingestItems;
    private final Counter ingestRejections;
    private final Histogram ingestSeconds;
    private final Counter rateLimited;
    private final Counter unknownWriteKeys;
    private final AtomicBoolean unknownWriteKeyLogged = new AtomicBoolean();
    private final Histogram storeSeconds;
    private final Gauge lastEvent;
    private final Counter bufferRefusals;
    private final Histogram appendSeconds;
    private final Counter persisted;
    private final Counter duplicates;
    private final Counter samplesPersisted;
    private final Counter deadLetters;
    private final Histogram batchRecords;
    private final Histogram batchSeconds;
    private final Gauge lastBatch;
    private final Counter storeFailures;
    private volatile long lastRefusalMillis;
    /** Read-only after construction: see {@link RoutePoints}. */
    private final Map<RouteFamily, RoutePoints> routes = new EnumMap<>(RouteFamily.class);

    // Histograms are classic only (the buckets below): client_java also keeps a native histogram by default,
    // which only a protobuf scrape shows and which cost ~0.55 µs of each single-event request's ~90 µs
    // (two observations; async-profiler, docs/benchmarks.md, issue 18).
    public PrometheusPipelineMetrics(PrometheusRegistry registry) {
        ingestItems = Counter.builder().name("sluice_ingest_items_total")
                .help("Items received by ingestion routes, by route family and outcome (accepted or rejected)")
                .labelNames("route", "outcome").register(registry);
        ingestRejections = Counter.builder().name("sluice_ingest_rejected_items_total")
                .help("Items rejected at ingress and dead-lettered, by route family and reason (invalid, malformed)")
                .labelNames("route", "reason").register(registry);
        ingestSeconds = Histogram.builder().name("sluice_ingest_seconds")
                .help("Time to validate and durably append one ingest request, by route family")
                .labelNames("route")
                .classicOnly().classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .register(registry);
        rateLimited = Counter.builder().name("sluice_rate_limited_total")
                .help("Requests answered 429 by the rate limiter, by route family").labelNames("route").register(registry);
        unknownWriteKeys = Counter.builder().name("sluice_unknown_write_keys_total")
                .help("Ingestion requests with a write key that is not configured, accepted anonymously because auth.required is off")
                .labelNames("route").register(registry);
        storeSeconds = Histogram.builder().name("sluice_store_write_seconds")
                .help("Database write latency: one successful consumer-batch transaction")
                .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        lastEvent = Gauge.builder().name("sluice_last_event_processed_timestamp_seconds")
                .help("Unix time at which the consumer last stored a new event").register(registry);
        bufferRefusals = Counter.builder().name("sluice_ingest_buffer_refused_total")
                .help("Ingest requests answered 503 because the buffer refused the append")
                .labelNames("route").register(registry);
        appendSeconds = Histogram.builder().name("sluice_buffer_append_seconds")
                .help("Time to append one request to the buffer and have it acknowledged")
                .classicOnly().classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .register(registry);
        persisted = Counter.builder().name("sluice_events_persisted_total")
                .help("Events stored in PostgreSQL for the first time").register(registry);
        duplicates = Counter.builder().name("sluice_events_duplicate_total")
                .help("Events skipped because their id was already stored").register(registry);
        samplesPersisted = Counter.builder().name("sluice_metric_samples_persisted_total")
                .help("Metric samples stored in PostgreSQL").register(registry);
        deadLetters = Counter.builder().name("sluice_dead_letters_total")
                .help("Dead letters written to the dead-letter store, by reason (invalid, malformed, retries_exhausted)")
                .labelNames("reason").register(registry);
        batchRecords = Histogram.builder().name("sluice_consumer_batch_records")
                .help("Records per committed consumer batch")
                .classicOnly().classicUpperBounds(1, 10, 100, 500, 1000, 2500, 5000, 10000, 25000).register(registry);
        batchSeconds = Histogram.builder().name("sluice_consumer_batch_seconds")
                .help("Time from poll to commit of a consumer batch, retries included")
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
        lastBatch = Gauge.builder().name("sluice_consumer_last_commit_timestamp_seconds")
                .help("Unix time of the last committed consumer batch").register(registry);
        storeFailures = Counter.builder().name("sluice_store_failures_total")
                .help("Failed attempts to store a consumer batch, by kind (store_unavailable, store_rejected)")
                .labelNames("kind").register(registry);
        for (RouteFamily family : RouteFamily.values()) {
            String route = family.label();
            routes.put(family, new RoutePoints(ingestItems.labelValues(route, "accepted"), ingestItems.labelValues(route, "rejected"),
                    ingestSeconds.labelValues(route)));
        }
        createZeroSeries();
    }

    /**
     * Zero-valued series exist before the first event, so alert expressions and dashboards see them at once
     * (those of accepted and rejected items, and of ingest time, are {@link RoutePoints}).
     */
    private void createZeroSeries() {
        for (RouteFamily family : RouteFamily.values()) {
            String route = family.label();
            ingestRejections.labelValues(route, "invalid");
            ingestRejections.labelValues(route, "malformed");
            bufferRefusals.labelValues(route);
            rateLimited.labelValues(route);
            unknownWriteKeys.labelValues(route);
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.labelValues(reason.label());
        }
        for (FailureKind kind : new FailureKind[] {FailureKind.STORE_UNAVAILABLE, FailureKind.STORE_REJECTED}) {
            storeFailures.labelValues(kind.name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public void ingested(RouteFamily routeFamily, int accepted, int invalid, int malformed, Duration appendTook, Duration ingestTook) {
        RoutePoints points = routes.get(routeFamily);
        if (accepted > 0) {
            points.accepted().inc(accepted);
        }
        if (invalid + malformed > 0) {
            points.rejected().inc(invalid + malformed);
        }
        if (invalid > 0) {
            ingestRejections.labelValues(routeFamily.label(), "invalid").inc(invalid);
        }
        if (malformed > 0) {
            ingestRejections.labelValues(routeFamily.label(), "malformed").inc(malformed);
        }
        appendSeconds.observe(appendTook.toNanos() / 1e9);
        points.seconds().observe(ingestTook.toNanos() / 1e9);
    }

    @Override
    public void rateLimited(RouteFamily routeFamily) {
        rateLimited.labelValues(routeFamily.label()).inc();
    }

    /** Counted every time, logged once per process: a client library sends its key with every request. */
    @Override
    public void unknownWriteKey(RouteFamily routeFamily) {
        unknownWriteKeys.labelValues(routeFamily.label()).inc();
        if (unknownWriteKeyLogged.compareAndSet(false, true)) {
            LOG.warn("A request to the {} routes presented a write key that is not configured; accepted anonymously because "
                    + "auth.required is off. Further ones are only counted (sluice_unknown_write_keys_total). With "
                    + "auth.required on they are refused (401): configure the key under auth.writeKeys.", routeFamily.label());
        }
    }

    @Override
    public void bufferRefused(RouteFamily routeFamily) {
        bufferRefusals.labelValues(routeFamily.label()).inc();
        lastRefusalMillis = System.currentTimeMillis();
    }

    /** When the buffer last refused an append (0: never), for readiness. */
    public long lastRefusalMillis() {
        return lastRefusalMillis;
    }

    @Override
    public void batchStored(StoreReport report, int records, Map<DeadLetterReason, Integer> byReason, Duration storeTook,
                            Duration took) {
        persisted.inc(report.eventsStored());
        duplicates.inc(report.duplicates());
        samplesPersisted.inc(report.samplesStored());
        byReason.forEach((reason, count) -> deadLetters.labelValues(reason.label()).inc(count));
        batchRecords.observe(records);
        storeSeconds.observe(storeTook.toNanos() / 1e9);
        batchSeconds.observe(took.toNanos() / 1e9);
        double now = System.currentTimeMillis() / 1000.0;
        lastBatch.set(now);
        if (report.eventsStored() > 0) {
            lastEvent.set(now);
        }
    }

    @Override
    public void storeFailed(FailureKind kind, int attempt) {
        storeFailures.labelValues(kind.name().toLowerCase(Locale.ROOT)).inc();
    }

    @Override
    public PipelineTotals totals() {
        return new PipelineTotals(persisted.get(), duplicates.get(), sum(ingestItems.collect(), "accepted"),
                sum(ingestItems.collect(), "rejected"), sum(deadLetters.collect(), null));
    }

    /** Sums the data points of a labelled counter, optionally only those with this outcome label. */
    private static double sum(CounterSnapshot snapshot, String outcome) {
        double total = 0;
        for (CounterSnapshot.CounterDataPointSnapshot point : snapshot.getDataPoints()) {
            if (outcome == null || outcome.equals(point.getLabels().get("outcome"))) {
                total += point.getValue();
            }
        }
        return total;
    }

    /**
     * The series every ingest request updates, looked up once per route family: {@code labelValues}
     * finds a series by its labels on every call, ~0.4 µs of a single-event request (async-profiler,
     * issue 18). Looking them up creates them, so these series exist, at zero, from the start.
     */
    private record RoutePoints(CounterDataPoint accepted, CounterDataPoint rejected, DistributionDataPoint seconds) {
    }
}
