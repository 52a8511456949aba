package io.sluice.adapters.kafka.bench;

import io.sluice.adapters.kafka.KafkaBrokers;
import java.util.concurrent.CountDownLatch;

/**
 * One local Kafka broker (KRaft, started by {@link KafkaBrokers}) in a process of its own, for
 * {@code bench/run}'s Kafka-mode phase: a broker on the same machine that outlives a Maven call and
 * that a Sluice server can use as its buffer. Prints one line {@code BOOTSTRAP=host:port} once the
 * broker is ready, then serves until the process is stopped; a SIGTERM closes the broker and
 * removes its data (under {@code java.io.tmpdir}). Not a test; run from the test classpath:
 * {@code java -cp … io.sluice.adapters.kafka.bench.LocalBroker}.
 */
public final class LocalBroker {

    private LocalBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaBrokers brokers = KafkaBrokers.start(1);
        // The test kit's own hook deletes the data directory at the same time, so the broker logs
        // ERRORs about missing files while it closes: noise, nothing is left behind.
        Runtime.getRuntime().addShutdownHook(new Thread(brokers::close, "local-broker-stop"));
        System.out.println("BOOTSTRAP=" + brokers.bootstrapServers());
        System.out.flush();
        // Serves until the JVM is told to exit: the broker's own threads do the work.
        new CountDownLatch(1).await();
    }
}
