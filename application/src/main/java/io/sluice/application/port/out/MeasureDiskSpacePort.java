package io.sluice.application.port.out;

/** Free space where the buffer and the embedded database write. Cheap and thread-safe. */
public interface MeasureDiskSpacePort {

    /** Bytes still usable by this process, or -1 when it cannot be measured. */
    long usableBytes();
}
