package io.sluice.application.service;

import io.sluice.application.port.out.AppendToBufferPort;
import io.sluice.application.port.out.DiskSpaceLowException;
import io.sluice.application.port.out.MeasureDiskSpacePort;
import io.sluice.application.port.out.BufferedRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Refuses appends while free disk space is under a floor, so clients get 503 + Retry-After before
 * Chronicle or PostgreSQL fail on a full disk; accepts again as soon as space is back. Space is
 * measured at most once per {@link #RECHECK} whatever the request rate. Thread-safe.
 */
public final class DiskWatermark implements AppendToBufferPort {

    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final AppendToBufferPort next;
    private final MeasureDiskSpacePort disk;
    private final long floorBytes;
    private final Clock clock;
    private volatile long checkedAtMillis = Long.MIN_VALUE;
    private volatile long usable = Long.MAX_VALUE;

    public DiskWatermark(AppendToBufferPort next, MeasureDiskSpacePort disk, long floorBytes, Clock clock) {
        this.next = Objects.requireNonNull(next, "next");
        this.disk = Objects.requireNonNull(disk, "disk");
        this.floorBytes = floorBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void append(List<BufferedRecord> records) {
        long free = usable();
        if (free >= 0 && free < floorBytes) {
            throw new DiskSpaceLowException("free disk space (" + free + " bytes) is under the floor of " + floorBytes + " bytes",
                    RETRY_AFTER);
        }
        next.append(records);
    }

    /** The last measured free space (-1: unknown). */
    public long usable() {
        long now = clock.millis();
        long last = checkedAtMillis;
        if (last == Long.MIN_VALUE || now - last >= RECHECK.toMillis() || now < last) {
            usable = disk.usableBytes();
            checkedAtMillis = now;
        }
        return usable;
    }

    /** Whether appends are refused right now. */
    public boolean refusing() {
        long free = usable();
        return free >= 0 && free < floorBytes;
    }
}
