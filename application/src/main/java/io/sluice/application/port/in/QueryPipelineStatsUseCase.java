package io.sluice.application.port.in;

/** Reads the pipeline totals and the buffer backlog. Thread-safe. */
public interface QueryPipelineStatsUseCase {
    PipelineStats stats();
}
