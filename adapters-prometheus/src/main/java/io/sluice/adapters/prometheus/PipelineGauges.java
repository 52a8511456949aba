package io.sluice.adapters.prometheus;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.application.port.out.MeasureBacklogPort;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The pipeline's levels, read at each scrape: free disk, the buffer's backlog and Kafka's lag. */
public final class PipelineGauges {

    private PipelineGauges() {
    }

    /**
     * @param diskUsable     usable bytes on the data directory's file system (-1: unknown)
     * @param lagByPartition the consumer group's lag per partition of the events topic (empty outside Kafka mode)
     */
    public static void register(PrometheusRegistry prometheus, LongSupplier diskUsable, MeasureBacklogPort backlog,
                                Supplier<Map<Integer, Long>> lagByPartition) {
        GaugeWithCallback.builder().name("sluice_disk_usable_bytes")
                .help("Usable bytes on the data directory's file system (-1: unknown); ingress refuses under storage.minFreeDisk")
                .callback(callback -> callback.call(diskUsable.getAsLong())).register(prometheus);
        GaugeWithCallback.builder().name("sluice_buffer_backlog_records")
                .help("Records appended to the buffer and not yet stored (-1: the buffer does not answer)")
                .callback(callback -> callback.call(backlog.backlog())).register(prometheus);
        GaugeWithCallback.builder().name("sluice_kafka_consumer_lag_records")
                .help("Consumer-group lag per partition of the events topic (Kafka mode)").labelNames("partition")
                .callback(callback -> lagByPartition.get().forEach((partition, lag) ->
                        callback.call(lag, Integer.toString(partition)))).register(prometheus);
    }
}
