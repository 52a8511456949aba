package io.sluice.application.port.out;

import java.time.Duration;

/** The buffer could not be reached or did not acknowledge in time (brokers down, disk error, shutting down). */
public final class BufferUnavailableException extends BufferRefusedException {

    private static final long serialVersionUID = 1L;

    public BufferUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }
}
