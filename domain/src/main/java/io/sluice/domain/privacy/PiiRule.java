package io.sluice.domain.privacy;

import java.util.List;
import java.util.Objects;

/**
 * One personal-data field and what to do with it, for example {@code properties.email → hash}.
 * The path is dot-separated and names fields of the document as the client sent it
 * ({@code properties.email}, {@code context.ip}, {@code traits.phone}, {@code user_id}).
 * Immutable and thread-safe.
 */
public record PiiRule(List<String> path, PiiAction action) {

    public PiiRule {
        path = List.copyOf(path);
        Objects.requireNonNull(action, "action");
        if (path.isEmpty() || path.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a PII path names at least one non-empty field");
        }
    }

    /** Parses {@code properties.email}. */
    public static PiiRule of(String dottedPath, PiiAction action) {
        Objects.requireNonNull(dottedPath, "dottedPath");
        return new PiiRule(List.of(dottedPath.split("\\.", -1)), action);
    }
}
