package io.sluice.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    private static final long MILLIS = Instant.parse("2024-01-15T10:00:00.123Z").toEpochMilli();

    @Test
    void hasVersionSevenAndTheRfcVariant() {
        RandomGenerator random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            UUID uuid = UUID.fromString(UuidV7.next(MILLIS + i, random).value());
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2); // bits 10
            assertThat(uuid.getLeastSignificantBits() >>> 62).isEqualTo(0b10L);
        }
    }

    @Test
    void carriesTheUnixMillisecondsInItsFirstFortyEightBits() {
        UUID uuid = UUID.fromString(UuidV7.next(MILLIS, new SplittableRandom(2)).value());
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(MILLIS);
    }

    @Test
    void versionAndVariantSurviveRandomBitsThatAreAllOnesOrAllZeros() {
        RandomGenerator ones = () -> -1L;
        RandomGenerator zeros = () -> 0L;
        for (RandomGenerator random : List.of(ones, zeros)) {
            UUID uuid = UUID.fromString(UuidV7.next(MILLIS, random).value());
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(MILLIS);
        }
    }

    @Test
    void idsOfIncreasingMillisecondsSortInTimeOrder() {
        RandomGenerator random = new SplittableRandom(3);
        List<EventId> ids = new ArrayList<>();
        for (long t = MILLIS; t < MILLIS + 5_000; t += 7) {
            ids.add(UuidV7.next(t, random));
        }
        assertThat(ids).isSorted();
        assertThat(ids.stream().map(EventId::value).toList()).isSorted();
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        RandomGenerator random = new SplittableRandom(4);
        HashSet<EventId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(UuidV7.next(MILLIS, random));
        }
        assertThat(ids).hasSize(10_000);
    }
}
