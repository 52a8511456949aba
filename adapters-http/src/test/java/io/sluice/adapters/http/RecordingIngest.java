package io.sluice.adapters.http;

import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.IngestEventsUseCase;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.out.ObservePipelinePort;
import io.sluice.application.service.IngestService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The real {@link IngestService} (domain validation) over an {@link InMemoryBuffer}, recording
 * every command it was given, so tests see exactly what the adapter handed over. Thread-safe.
 */
final class RecordingIngest implements IngestEventsUseCase {

    final InMemoryBuffer buffer = new InMemoryBuffer();
    private final IngestService service;
    private final List<IngestEventsCommand> commands = new ArrayList<>();

    RecordingIngest(Clock clock) {
        this.service = new IngestService(buffer, clock, new Random(7), ObservePipelinePort.NONE);
    }

    @Override
    public IngestReceipt ingest(IngestEventsCommand command) {
        synchronized (this) {
            commands.add(command);
        }
        return service.ingest(command);
    }

    synchronized List<IngestEventsCommand> commands() {
        return List.copyOf(commands);
    }

    synchronized IngestEventsCommand onlyCommand() {
        if (commands.size() != 1) {
            throw new AssertionError("expected exactly one ingest call, got " + commands.size());
        }
        return commands.get(0);
    }

    synchronized void forget() {
        commands.clear();
    }
}
