package io.sluice.application.port.out;

import java.time.Duration;

/**
 * Free space on the data directory is under the configured floor: ingress refuses before the
 * buffer or the database run out of disk, and accepts again by itself once space returns.
 */
public final class DiskSpaceLowException extends BufferRefusedException {

    private static final long serialVersionUID = 1L;

    public DiskSpaceLowException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
