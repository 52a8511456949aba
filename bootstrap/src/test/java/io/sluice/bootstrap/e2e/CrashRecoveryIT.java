package io.sluice.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bootstrap.testkit.LoadClient;
import io.sluice.bootstrap.testkit.Reconciliation;
import io.sluice.bootstrap.testkit.SluiceProcess;
import io.sluice.bootstrap.testkit.TestDirectories;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 2's crash proof with a real process on the embedded default (Chronicle + embedded
 * PostgreSQL with durable settings): SIGKILL under load, restart on the same data directory,
 * and every event that got a 2xx is stored exactly once and counted once.
 */
class CrashRecoveryIT {

    @Test
    void sigkill_under_load_loses_nothing_acknowledged_and_counts_nothing_twice() throws Exception {
        Path data = TestDirectories.create("sluice-crash");
        SluiceProcess.Settings settings = new SluiceProcess.Settings(data).embeddedDatabaseOnFreePort();
        try (SluiceProcess server = SluiceProcess.start(settings)) {
            LoadClient load = LoadClient.sending("k").to(server.uri("/v1/events")).threads(4).requestTimeout(Duration.ofSeconds(5)).start();
            try {
                // Let the consumer be mid-way: some batches committed, some read, some still in the queue.
                load.awaitAcknowledged(3_000, Duration.ofSeconds(60));
                server.kill();
            } finally {
                load.close();
            }
            assertThat(load.acknowledged().size()).isGreaterThanOrEqualTo(3_000);

            server.start();
            server.awaitBacklogDrained(Duration.ofSeconds(120));
            Reconciliation.of(server.database(), load.sent(), load.acknowledged()).assertExact();
        }
        TestDirectories.deleteRecursively(data);
    }
}
