package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveBudgetTest {

    @Test
    void between_ticks_nothing_is_granted_so_most_batches_are_only_counted_and_the_rate_holds() {
        AtomicLong nanos = new AtomicLong();
        LiveBudget budget = new LiveBudget(2_000, nanos::get);
        assertThat(budget.take(2_000)).isEqualTo(2_000);

        // 4,000 batches of 100 a second, one every 250 µs, for two seconds and one batch more (past the 20th tick).
        int grantedBatches = 0;
        long granted = 0;
        for (int batch = 0; batch < 8_001; batch++) {
            nanos.addAndGet(250_000);
            int taken = budget.take(100);
            granted += taken;
            grantedBatches += taken > 0 ? 1 : 0;
        }
        // 2,000 a second: 200 a tick, to the first two batches after each tick (a continuous refill gave a
        // token or so to nearly every one of them).
        assertThat(granted).isEqualTo(4_000);
        assertThat(grantedBatches).isEqualTo(40);
    }

    @Test
    void a_rate_under_ten_a_second_carries_fractions_over_ticks() {
        AtomicLong nanos = new AtomicLong();
        LiveBudget budget = new LiveBudget(5, nanos::get);
        assertThat(budget.take(100)).isEqualTo(5);
        nanos.addAndGet(LiveBudget.TICK_NANOS);
        assertThat(budget.take(100)).isZero();
        nanos.addAndGet(LiveBudget.TICK_NANOS);
        assertThat(budget.take(100)).isEqualTo(1);
        // Time between ticks is not lost: the next tick counts from the last whole one.
        nanos.addAndGet(LiveBudget.TICK_NANOS * 3 / 2);
        assertThat(budget.take(100)).isZero();
        nanos.addAndGet(LiveBudget.TICK_NANOS / 2);
        assertThat(budget.take(100)).isEqualTo(1);
    }
}
