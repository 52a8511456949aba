package io.sluice.application.port.out;

import java.util.Map;
import java.util.Objects;

/**
 * One figure of a pipeline snapshot (seed 003's {@code pipeline_metrics} rows): a name, a value
 * and bounded labels. Immutable.
 */
public record PipelineMeasurement(String name, double value, Map<String, String> labels) {
    public PipelineMeasurement {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a measurement is finite");
        }
    }
}
