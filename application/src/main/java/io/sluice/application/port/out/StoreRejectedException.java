package io.sluice.application.port.out;

/** The store refused the data itself (a constraint, an encoding); nothing was written. Some record in it may be poisoned. */
public final class StoreRejectedException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
