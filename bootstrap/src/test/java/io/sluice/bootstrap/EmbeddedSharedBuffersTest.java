package io.sluice.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedSharedBuffersTest {

    private static final long GIB = 1L << 30;

    @Test
    void autoTakesAQuarterOfTheMachineButNeverLessThanPostgresDefault() {
        assertThat(EmbeddedSharedBuffers.bytes("auto", 24 * GIB)).isEqualTo(6 * GIB);
        assertThat(EmbeddedSharedBuffers.bytes(" AUTO ", 24 * GIB)).isEqualTo(6 * GIB);
        assertThat(EmbeddedSharedBuffers.bytes("auto", 256L << 20)).isEqualTo(128L << 20);
    }

    @Test
    void anExplicitSizeIsTakenAsWritten() {
        assertThat(EmbeddedSharedBuffers.bytes("2GiB", 24 * GIB)).isEqualTo(2 * GIB);
        assertThat(EmbeddedSharedBuffers.bytes("512 MiB", 24 * GIB)).isEqualTo(512L << 20);
    }

    @Test
    void refusesWhatIsNeitherAutoNorASizeAndSizesUnderPostgresDefault() {
        assertThatThrownBy(() -> EmbeddedSharedBuffers.bytes("lots", 24 * GIB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"auto\" or a size");
        assertThatThrownBy(() -> EmbeddedSharedBuffers.bytes("64MiB", 24 * GIB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 128MiB");
    }

    @Test
    void theMachinesMemoryIsKnown() {
        assertThat(EmbeddedSharedBuffers.physicalMemory()).isGreaterThan(128L << 20);
    }
}
