package io.sluice.application.port.out;

/** The pipeline's running totals since start, as the metrics keep them. Safe for concurrent use. */
public interface ReadPipelineTotalsPort {

    PipelineTotals totals();
}
