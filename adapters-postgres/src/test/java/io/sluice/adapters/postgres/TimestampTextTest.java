package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampTextTest {

    @Test
    void writesUtcWithSixFractionDigitsTruncatedToTheMicrosecond() {
        assertThat(TimestampText.of(Instant.parse("2026-12-04T04:44:30.871855999Z"))).isEqualTo("2026-12-04T04:44:30.871855Z");
        assertThat(TimestampText.of(Instant.parse("2026-12-31T23:59:59.999999999Z"))).isEqualTo("2026-12-31T23:59:59.999999Z");
        assertThat(TimestampText.of(Instant.parse("1969-12-31T23:59:59.000001Z"))).isEqualTo("1969-12-31T23:59:59.000001Z");
        assertThat(TimestampText.of(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00.000000Z");
        assertThat(TimestampText.of(Instant.parse("9999-12-31T23:59:59.5Z"))).isEqualTo("9999-12-31T23:59:59.500000Z");
    }

    @Test
    void readsBackAsTheSameInstantAcrossTheYearsItWritesItself() {
        SplittableRandom random = new SplittableRandom(18);
        long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(first, last + 1), random.nextInt(1_000_000_000));
            assertThat(Instant.parse(TimestampText.of(instant))).isEqualTo(instant.truncatedTo(ChronoUnit.MICROS));
        }
    }

    @Test
    void yearsOutsideOneToNineThousandNineHundredNinetyNineAreWrittenAsInstantWritesThem() {
        Instant late = Instant.parse("+10000-01-01T00:00:00.123456789Z");
        Instant early = Instant.parse("-0001-06-01T12:00:00Z");
        assertThat(TimestampText.of(late)).isEqualTo("+10000-01-01T00:00:00.123456Z");
        assertThat(TimestampText.of(early)).isEqualTo(early.toString());
    }
}
