package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.T0;
import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;

import io.sluice.domain.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: reports how many events per second {@code store()} writes (100k events in batches
 * of 5,000, fsync off), to size the consumer. Run with
 * {@code mvn -pl adapters-postgres verify -Dtest=StoreThroughputMeasurement -Dsluice.measure=true}.
 */
@EnabledIfSystemProperty(named = "sluice.measure", matches = "true")
class StoreThroughputMeasurement {

    @Test
    void measure() {
        PostgresStore store = new FreshStore().store();
        Random random = new Random(1);
        String[] types = {"page_view", "click", "purchase", "email_open", "signup"};
        for (int round = 0; round < 2; round++) {
            List<List<Event>> batches = new ArrayList<>();
            for (int b = 0; b < 20; b++) {
                List<Event> events = new ArrayList<>(5000);
                for (int i = 0; i < 5000; i++) {
                    events.add(event("r" + round + "-b" + b + "-" + i, types[random.nextInt(types.length)], "user" + random.nextInt(10_000),
                            T0.plusMillis(random.nextInt(6 * 3600 * 1000)), random.nextBoolean() ? null : random.nextDouble() * 60,
                            Map.of("page", "/p/" + random.nextInt(500), "amount", random.nextInt(300))));
                }
                batches.add(events);
            }
            long started = System.nanoTime();
            for (int b = 0; b < batches.size(); b++) {
                store.store(batch(batches.get(b), List.of(position(0, (round + 1L) * 100_000 + b))));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("round %d (%s): 100000 events in %.2f s = %.0f events/s%n", round, round == 0 ? "cold JIT" : "warm",
                    seconds, 100_000 / seconds);
        }
    }
}
