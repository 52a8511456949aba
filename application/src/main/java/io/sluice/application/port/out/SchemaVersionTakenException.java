package io.sluice.application.port.out;

/** A schema version was registered concurrently by another request or instance. */
public final class SchemaVersionTakenException extends RuntimeException {
    public SchemaVersionTakenException(String message) {
        super(message);
    }
}
