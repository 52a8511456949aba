package io.sluice.archfixture.bootstrap;

import io.sluice.archfixture.application.port.out.MeasureSomethingPort;

/** Breaks the wiring-only rule: an adapter (an outbound port's implementation) kept in bootstrap, as the disk-space measure once was. */
public class PortInBootstrap implements MeasureSomethingPort {

    @Override
    public long measure() {
        return 0;
    }
}
