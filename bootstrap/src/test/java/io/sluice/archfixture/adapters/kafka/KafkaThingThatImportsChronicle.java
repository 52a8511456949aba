package io.sluice.archfixture.adapters.kafka;

import io.sluice.archfixture.adapters.chronicle.ChronicleThing;

/** Deliberately breaks the adapter-independence rule, to prove the rule can fail. */
public final class KafkaThingThatImportsChronicle {
    public int borrow() {
        return new ChronicleThing().size();
    }
}
