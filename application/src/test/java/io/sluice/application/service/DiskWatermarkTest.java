package io.sluice.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.out.DiskSpaceLowException;
import io.sluice.application.port.out.BufferedRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DiskWatermarkTest {

    @Test
    void refusesUnderTheFloorAndRecoversByItselfWhenSpaceReturns() {
        AtomicLong free = new AtomicLong(10_000);
        List<List<BufferedRecord>> appended = new ArrayList<>();
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        DiskWatermark watermark = new DiskWatermark(appended::add, free::get, 5_000, clock);

        watermark.append(List.of());
        free.set(4_999);
        now[0] = now[0].plus(DiskWatermark.RECHECK);
        assertThatThrownBy(() -> watermark.append(List.of())).isInstanceOf(DiskSpaceLowException.class)
                .satisfies(e -> assertThat(((DiskSpaceLowException) e).retryAfter()).isPositive());
        free.set(6_000);
        // measured at most once per RECHECK: still refusing within it, accepting after it
        assertThatThrownBy(() -> watermark.append(List.of())).isInstanceOf(DiskSpaceLowException.class);
        now[0] = now[0].plus(DiskWatermark.RECHECK);
        watermark.append(List.of());
        assertThat(appended).hasSize(2);
    }

    @Test
    void anUnmeasurableDiskDoesNotRefuse() {
        List<List<BufferedRecord>> appended = new ArrayList<>();
        new DiskWatermark(appended::add, () -> -1, 5_000, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).append(List.of());
        assertThat(appended).hasSize(1);
    }
}
