package io.sluice.application.port.out;

import java.util.List;

/** A document that is not a usable JSON Schema for an event's properties; each problem names its place. */
public final class InvalidSchemaException extends RuntimeException {

    private final List<String> problems;

    public InvalidSchemaException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
