package io.sluice.domain.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.domain.event.EventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buckets are UTC-aligned and start inclusive, before 1970 as after it. */
class GranularityTest {

    private static final List<Instant> INSTANTS = List.of(
            Instant.parse("2026-12-04T15:59:59.999999999Z"), Instant.parse("2026-12-04T16:00:00Z"),
            Instant.parse("2026-12-04T16:00:00.000000001Z"), Instant.parse("2026-12-04T16:07:30.5Z"),
            Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("1969-12-31T22:58:00Z"),
            Instant.parse("1900-02-28T03:04:05.6Z"), Instant.parse("9999-12-31T23:59:59.999Z"));

    @Test
    void aBucketIsTheTimestampTruncatedToItsWidth() {
        for (Instant instant : INSTANTS) {
            assertThat(Granularity.MINUTE.bucketOf(instant)).as("%s", instant).isEqualTo(instant.truncatedTo(ChronoUnit.MINUTES));
            assertThat(Granularity.HOUR.bucketOf(instant)).as("%s", instant).isEqualTo(instant.truncatedTo(ChronoUnit.HOURS));
        }
    }

    @Test
    void onlyABoundaryStartsABucket() {
        assertThat(Granularity.MINUTE.startsBucket(Instant.parse("2026-12-04T16:07:00Z"))).isTrue();
        assertThat(Granularity.HOUR.startsBucket(Instant.parse("2026-12-04T16:07:00Z"))).isFalse();
        assertThat(Granularity.HOUR.startsBucket(Instant.parse("1969-12-31T23:00:00Z"))).isTrue();
        assertThat(Granularity.MINUTE.startsBucket(Instant.parse("1969-12-31T23:59:30Z"))).isFalse();
        assertThat(Granularity.MINUTE.startsBucket(Instant.parse("2026-12-04T16:07:00.000000001Z"))).isFalse();
        for (Instant instant : INSTANTS) {
            assertThat(Granularity.MINUTE.startsBucket(Granularity.MINUTE.bucketOf(instant))).isTrue();
            assertThat(Granularity.HOUR.startsBucket(Granularity.HOUR.bucketOf(instant))).isTrue();
        }
    }

    @Test
    void aKeyStartsOnItsBoundary() {
        assertThatThrownBy(() -> new AggregateKey(Granularity.HOUR, Instant.parse("2026-12-04T16:07:00Z"),
                new EventType("page_view")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hour boundary");
    }
}
