package io.sluice.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.sluice.application.fakes.RecordingPause;
import io.sluice.application.port.out.ArchiveRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ArchivePaceTest {

    /** Nanoseconds that pass only when a row costs time or the pace pauses: nothing really sleeps. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> pauses = new ArrayList<>();
    private final Pause pause = delay -> {
        pauses.add(delay);
        nanos.addAndGet(delay.toNanos());
    };

    @Test
    void rowsFasterThanThePaceAreHeldToItOnAverageAtEveryCheckAndAtTheEnd() {
        ArchivePace pace = new ArchivePace(20_000, nanos::get, pause);
        long started = nanos.get();
        List<Double> ratesAtChecks = new ArrayList<>();
        // 10 µs a row: 100,000 rows/s unpaced, five times the pace
        long passed = pace.paced(rows(10_500, 10_000)).forEach(row -> {
            if ((Long) row[0] % ArchivePace.CHECK_EVERY == 1) {
                ratesAtChecks.add(rate((Long) row[0] - 1, nanos.get() - started));
            }
        });

        assertThat(passed).isEqualTo(10_500);
        assertThat(ratesAtChecks).hasSize(11).allSatisfy(rate -> assertThat(rate).isLessThanOrEqualTo(20_000.0));
        assertThat(rate(10_500, nanos.get() - started)).isCloseTo(20_000.0, offset(1.0));
        // every check pauses: 1,000 rows took 10 ms, the pace wants 50 ms
        assertThat(pauses).hasSize(11).first().isEqualTo(Duration.ofMillis(40));
        assertThat(pauses.stream().mapToLong(Duration::toNanos).sum()).isEqualTo(Duration.ofMillis(525 - 105).toNanos());
    }

    @Test
    void rowsAlreadySlowerThanThePaceNeverPause() {
        ArchivePace pace = new ArchivePace(20_000, nanos::get, pause);
        // 100 µs a row: 10,000 rows/s
        assertThat(pace.paced(rows(5_000, 100_000)).forEach(row -> { })).isEqualTo(5_000);
        assertThat(pauses).isEmpty();
    }

    @Test
    void zeroIsUnpacedAndNeverPauses() {
        ArchivePace pace = new ArchivePace(0, nanos::get, pause);
        assertThat(pace.paced(rows(5_000, 0)).forEach(row -> { })).isEqualTo(5_000);
        assertThat(pauses).isEmpty();
        assertThat(ArchivePace.unpaced().paced(rows(5_000, 0)).forEach(row -> { })).isEqualTo(5_000);
    }

    @Test
    void eachPassIsPacedFromItsOwnStart() {
        ArchivePace pace = new ArchivePace(1_000, nanos::get, pause);
        pace.paced(rows(1_000, 0)).forEach(row -> { });
        nanos.addAndGet(Duration.ofHours(1).toNanos()); // an hour between two days: no credit carried over
        pace.paced(rows(1_000, 0)).forEach(row -> { });
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void anInterruptedPauseCancelsThePassAndKeepsTheInterrupt() {
        ArchivePace pace = new ArchivePace(1_000, nanos::get, new RecordingPause().interruptOnPause(2));
        List<Object[]> passed = new ArrayList<>();
        try {
            assertThatThrownBy(() -> pace.paced(rows(5_000, 0)).forEach(passed::add))
                    .isInstanceOf(CancellationException.class).hasMessageContaining("2000 rows");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(passed).hasSize(2_000);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aNegativePaceIsRefused() {
        assertThatThrownBy(() -> new ArchivePace(-1, nanos::get, pause)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code count} rows numbered from 1, each costing {@code nanosEach} of the fake time before it is handed on. */
    private ArchiveRows rows(long count, long nanosEach) {
        return ArchiveRows.of(sink -> {
            for (long i = 1; i <= count; i++) {
                nanos.addAndGet(nanosEach);
                sink.accept(new Object[] {i});
            }
            return count;
        });
    }

    private static double rate(long rows, long nanos) {
        return rows * 1e9 / nanos;
    }
}
