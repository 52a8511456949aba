package io.sluice.application.port.out;

import java.time.Duration;

/** The buffer holds as many unconsumed records as it is allowed to: ingress sheds load instead of filling the disk. */
public final class BufferBacklogFullException extends BufferRefusedException {

    private static final long serialVersionUID = 1L;

    public BufferBacklogFullException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
