package io.sluice.domain.event;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outcome of validating an incoming document: either a valid domain value or the list of
 * rules it broke. Rejection is an expected outcome, so it is a value, not an exception.
 * Immutable and thread-safe.
 *
 * @param <T> the domain type a valid document becomes
 */
public sealed interface Validated<T> permits Validated.Valid, Validated.Invalid {

    static <T> Validated<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Validated<T> invalid(List<Violation> violations) {
        return new Invalid<>(violations);
    }

    default <R> Validated<R> map(Function<? super T, ? extends R> mapper) {
        if (this instanceof Valid<T> valid) {
            return new Valid<>(mapper.apply(valid.value()));
        }
        return new Invalid<>(((Invalid<T>) this).violations());
    }

    /** A document that satisfied every rule. */
    record Valid<T>(T value) implements Validated<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A document that broke at least one rule; {@link #reason()} names all of them. */
    record Invalid<T>(List<Violation> violations) implements Validated<T> {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid document names at least one violation");
            }
        }

        public String reason() {
            return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
    }
}
