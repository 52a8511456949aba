package io.sluice.loadgen;

/** Ends {@code simulate} with a non-zero exit status; the message says why. */
public final class SimulationFailed extends Exception {
    private static final long serialVersionUID = 1L;

    SimulationFailed(String message) {
        super(message);
    }
}
