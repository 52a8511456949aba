package io.sluice.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The hand-written fast path must agree with {@code java.time} on every input, valid or not. */
class IsoTimestampsTest {

    private static final String ALPHABET = "0123456789-:TZ.tz+ 0123456789";

    /** What the parser did before the fast path existed: the reference. */
    private static Instant javaTime(String text) {
        if (text.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-15T10:00:00Z", "2024-01-15T10:00:00.1Z", "2024-01-15T10:00:00.123Z", "2024-01-15T10:00:00.123456789Z",
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2000-02-29T12:00:00Z", "2024-02-29T00:00:00Z", "2100-12-31T23:59:59.5Z", "1600-03-01T00:00:00Z"})
    void readsCanonicalUtcTimestampsByHandAndAgreesWithJavaTime(String text) {
        assertThat(IsoTimestamps.canonicalUtcOrNull(text)).isNotNull().isEqualTo(Instant.parse(text));
        assertThat(IsoTimestamps.parseOrNull(text)).isEqualTo(javaTime(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-15T10:00:00+01:00", "2024-01-15T10:00:00.5-05:30", "2024-01-15T10:00:00", "2024-01-15t10:00:00z",
        "2024-01-15T10:00Z", "+12024-01-15T10:00:00Z",
        // java.time takes a fraction of zero digits; the fast path leaves that oddity to it
        "2024-01-15T10:00:00.Z"})
    void leavesOtherIsoFormsToJavaTime(String text) {
        assertThat(IsoTimestamps.canonicalUtcOrNull(text)).isNull();
        assertThat(IsoTimestamps.parseOrNull(text)).isNotNull().isEqualTo(javaTime(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1900-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-15T24:00:00Z", "2024-01-15T10:60:00Z",
        "2024-01-15T10:00:60Z", "2024-01-15T10:00:00.1234567890Z", "2024-01-15T10:00:00,5Z",
        "2024-01-15 10:00:00Z", "2024-1-15T10:00:00Z", "２０２４-01-15T10:00:00Z", "2024-01-15T10:00:0xZ", ""})
    void refusesWhatJavaTimeRefuses(String text) {
        assertThat(IsoTimestamps.canonicalUtcOrNull(text)).isNull();
        assertThat(IsoTimestamps.parseOrNull(text)).isNull();
        assertThat(javaTime(text)).isNull();
    }

    @Test
    void agreesWithJavaTimeOnRandomValidInstants() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(IsoTimestamps.canonicalUtcOrNull(text)).as(text).isEqualTo(instant);
        }
    }

    /** Random edits of valid timestamps: whatever the fast path accepts, java.time must accept with the same value. */
    @Test
    void agreesWithJavaTimeOnRandomMutations() {
        SplittableRandom random = new SplittableRandom(11);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 5_000_000_000L),
                    random.nextInt(1_000_000_000)).toString());
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits && text.length() > 0; e++) {
                int at = random.nextInt(text.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String candidate = text.toString();
            Instant expected = javaTime(candidate);
            assertThat(IsoTimestamps.parseOrNull(candidate)).as(candidate).isEqualTo(expected);
            if (IsoTimestamps.canonicalUtcOrNull(candidate) != null) {
                accepted++;
            }
        }
        // The mutations must exercise the fast path's acceptance too, not only its refusals.
        assertThat(accepted).isGreaterThan(10_000);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE / 1_000, -62_167_219_201L, -62_167_219_200L, -1, 0, 1, 951_782_400L, 4_102_444_799L,
        253_402_300_799L, 253_402_300_800L, 31_556_889_864_403_199L})
    void formatsEdgeSecondsAsInstantToStringDoes(long epochSecond) {
        for (int nanos : new int[] {0, 1, 999_999_999, 120_000_000, 123_456_000, 100, 5_000_000}) {
            Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
            assertThat(IsoTimestamps.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void formatsRandomInstantsAsInstantToStringDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 400_000; i++) {
            long seconds = switch (i % 3) {
                case 0 -> random.nextLong(-62_167_219_200L - 86_400, 253_402_300_800L + 86_400);
                case 1 -> random.nextLong(1_600_000_000L, 1_900_000_000L);
                default -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
            };
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoTimestamps.format(instant)).isEqualTo(instant.toString());
            assertThat(IsoTimestamps.parseOrNull(IsoTimestamps.format(instant))).isEqualTo(instant);
        }
    }
}
