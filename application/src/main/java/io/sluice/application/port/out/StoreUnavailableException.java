package io.sluice.application.port.out;

/** The store cannot be reached or timed out; nothing was written. Waiting helps. */
public final class StoreUnavailableException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
