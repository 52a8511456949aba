package io.sluice.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The probes' polling backs off with the time a probe has waited, so that a consumer that falls
 * behind is not also polled harder (which kept it behind), while the figure stays within the
 * back-off fraction of the true latency.
 */
class ProbePauseTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void pollsAtTheIntervalUntilAFractionOfTheWaitIsLonger() {
        assertThat(Probes.pauseNanos(0, 20, 0.1)).isEqualTo(20 * MS);
        assertThat(Probes.pauseNanos(150 * MS, 20, 0.1)).isEqualTo(20 * MS);
        assertThat(Probes.pauseNanos(1_000 * MS, 20, 0.1)).isEqualTo(100 * MS);
        assertThat(Probes.pauseNanos(10_000 * MS, 20, 0.1)).isEqualTo(1_000 * MS);
        // 0 keeps the fixed interval of earlier runs; a clock step backwards never pauses less.
        assertThat(Probes.pauseNanos(10_000 * MS, 20, 0)).isEqualTo(20 * MS);
        assertThat(Probes.pauseNanos(-5 * MS, 20, 0.1)).isEqualTo(20 * MS);
    }

    @Test
    void aProbeWaitingTenSecondsPollsFarLessThanAtAFixedInterval() {
        int polls = 0;
        long waited = 0;
        while (waited < 10_000 * MS) {
            waited += Probes.pauseNanos(waited, 20, 0.1);
            polls++;
        }
        // A fixed 20 ms interval polls 500 times in 10 s.
        assertThat(polls).isBetween(30, 60);
        // Seen at the first poll after it landed: at most the fraction late (plus the interval near zero).
        long landed = 3_000 * MS;
        long seen = 0;
        while (seen < landed) {
            seen += Probes.pauseNanos(seen, 20, 0.1);
        }
        assertThat(seen - landed).isLessThanOrEqualTo((long) (0.1 * landed) + 20 * MS);
    }
}
