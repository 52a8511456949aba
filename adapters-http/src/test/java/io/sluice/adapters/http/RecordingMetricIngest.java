package io.sluice.adapters.http;

import io.sluice.application.port.in.IngestMetricsCommand;
import io.sluice.application.port.in.IngestMetricsUseCase;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.service.IngestService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The real {@link IngestService} for metric samples over an {@link InMemoryBuffer}, recording each command. Thread-safe. */
final class RecordingMetricIngest implements IngestMetricsUseCase {

    final InMemoryBuffer buffer = new InMemoryBuffer();
    private final IngestService service;
    private final List<IngestMetricsCommand> commands = new ArrayList<>();

    RecordingMetricIngest(Clock clock) {
        this.service = new IngestService(buffer, clock, new Random(9), ObservePipelinePort.NONE);
    }

    @Override
    public IngestReceipt ingest(IngestMetricsCommand command) {
        synchronized (this) {
            commands.add(command);
        }
        return service.ingest(command);
    }

    synchronized List<IngestMetricsCommand> commands() {
        return List.copyOf(commands);
    }
}
