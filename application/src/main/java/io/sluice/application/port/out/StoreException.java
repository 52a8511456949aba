package io.sluice.application.port.out;

/** The store failed; the subclasses say whether waiting can help. */
public abstract class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
