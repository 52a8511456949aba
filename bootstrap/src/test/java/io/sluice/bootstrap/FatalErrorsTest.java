package io.sluice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Which failures stop the process; the halt itself is proven on the real jar (OutOfMemoryHaltIT). */
class FatalErrorsTest {

    @Test
    void out_of_memory_is_fatal_also_when_wrapped_and_nothing_else_is() {
        assertThat(FatalErrors.isFatal(new OutOfMemoryError("Java heap space"))).isTrue();
        assertThat(FatalErrors.isFatal(new IllegalStateException("append failed", new OutOfMemoryError()))).isTrue();
        assertThat(FatalErrors.isFatal(new UncheckedIOException(new java.io.IOException("disk")))).isFalse();
        assertThat(FatalErrors.isFatal(new StackOverflowError())).isFalse();
    }
}
