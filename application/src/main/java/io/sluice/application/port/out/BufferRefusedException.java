package io.sluice.application.port.out;

import java.time.Duration;

/**
 * The buffer did not take the records: nothing of the append is acknowledged, and the client
 * should retry after {@link #retryAfter()}. Ingress answers 503 with {@code Retry-After}.
 */
public abstract class BufferRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    protected BufferRefusedException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
