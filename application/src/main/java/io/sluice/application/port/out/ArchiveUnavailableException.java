package io.sluice.application.port.out;

/** Object storage could not be written or read; the hot rows stay where they are. */
public final class ArchiveUnavailableException extends RuntimeException {

    public ArchiveUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ArchiveUnavailableException(String message) {
        super(message);
    }
}
