package io.sluice.archfixture.application.port.out;

/** An outbound port of the fixture, for an implementation in the wrong module to implement. */
public interface MeasureSomethingPort {
    long measure();
}
