package io.sluice.adapters.chronicle;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/** Maps the roll-cycle names of the configuration to Chronicle's constants. Stateless. */
final class RollCycleByName {

    private RollCycleByName() {
    }

    static RollCycle resolve(String name) {
        for (RollCycles cycle : RollCycles.values()) {
            if (cycle.name().equals(name)) {
                return cycle;
            }
        }
        // The test cycles roll every second, which lets tests cross a cycle boundary quickly.
        for (TestRollCycles cycle : TestRollCycles.values()) {
            if (cycle.name().equals(name)) {
                return cycle;
            }
        }
        throw new IllegalArgumentException("unknown Chronicle roll cycle " + name);
    }
}
