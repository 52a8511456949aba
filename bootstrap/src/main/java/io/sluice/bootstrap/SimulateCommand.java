package io.sluice.bootstrap;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.sluice.loadgen.LoadOptions;
import io.sluice.loadgen.Simulation;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code java -jar sluice.jar simulate …}: the load generator of bench/ and soak/ (module
 * {@code loadgen}) as a command of the server's jar, so one artifact is shipped and measured.
 */
final class SimulateCommand extends Command {

    SimulateCommand() {
        super("simulate", "Send realistic user events to a running Sluice (or its Kafka topic) and report rate and latency");
    }

    @Override
    public void configure(Subparser subparser) {
        LoadOptions.declare(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace args) throws Exception {
        Simulation.run(args, System.out);
    }
}
