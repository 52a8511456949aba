package io.sluice.domain.event;

import static io.sluice.domain.event.Drafts.NOW;
import static io.sluice.domain.event.Drafts.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventRulesTest {

    private final EventRules rules = new EventRules(new SplittableRandom(42));

    private Validated<Event> validate(Drafts draft) {
        return rules.validate(draft.build(), NOW);
    }

    private Event valid(Drafts draft) {
        Validated<Event> validated = validate(draft);
        assertThat(validated).isInstanceOf(Validated.Valid.class);
        return ((Validated.Valid<Event>) validated).value();
    }

    private List<Violation> violations(Drafts draft) {
        Validated<Event> validated = validate(draft);
        assertThat(validated).as("expected a rejection").isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<Event>) validated).violations();
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void aMinimalEventIsValidAndDefaultsItsTimestampToItsArrival() {
        Event e = valid(event().eventId(null));

        assertThat(e.type()).isEqualTo(new EventType("page_view"));
        assertThat(e.user()).isEqualTo(new UserId("user_42"));
        assertThat(e.timestamp()).isEqualTo(NOW);
        assertThat(e.receivedAt()).isEqualTo(NOW);
        assertThat(e.session()).isNull();
        assertThat(e.durationSeconds()).isNull();
        assertThat(e.properties()).isEqualTo(EventProperties.EMPTY);
        assertThat(e.source()).isEqualTo(EventSource.NATIVE);
        assertThat(UUID.fromString(e.id().value()).version()).isEqualTo(7);
    }

    @Test
    void aDraftThatWasReceivedEarlierKeepsItsReceivedAt() {
        Instant earlier = NOW.minus(Duration.ofDays(3));
        Event e = valid(event().receivedAt(earlier));

        assertThat(e.receivedAt()).isEqualTo(earlier);
        assertThat(e.timestamp()).isEqualTo(earlier);
    }

    @Test
    void aGeneratedIdIsStampedWithTheArrivalTimeNotTheValidationTime() {
        Instant earlier = Instant.parse("2023-06-01T00:00:00Z");
        Event e = valid(event().eventId(null).receivedAt(earlier));

        assertThat(UUID.fromString(e.id().value()).getMostSignificantBits() >>> 16).isEqualTo(earlier.toEpochMilli());
    }

    @Nested
    class EventIds {
        @Test
        void aHundredCharactersAreAllowed() {
            assertThat(valid(event().eventId(repeat('e', 100))).id().value()).hasSize(100);
        }

        @Test
        void aHundredAndOneAreNot() {
            assertThat(violations(event().eventId(repeat('e', 101))))
                    .singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("event_id");
                        assertThat(v.message()).contains("100");
                    });
        }

        @Test
        void anEmptyIdIsRejectedRatherThanReplaced() {
            assertThat(violations(event().eventId(""))).extracting(Violation::field).containsExactly("event_id");
        }

        @Test
        void aNonStringIdIsRejected() {
            assertThat(violations(event().eventId(12345))).extracting(Violation::field).containsExactly("event_id");
        }
    }

    @Nested
    class EventTypes {
        @ParameterizedTest
        @ValueSource(strings = {"Order Completed", "page_view", "Product Viewed — 🚀", "a"})
        void segmentStyleAndUnicodeNamesAreValid(String type) {
            assertThat(valid(event().eventType(type)).type().value()).isEqualTo(type);
        }

        @Test
        void isRequired() {
            assertThat(violations(event().eventType(null))).singleElement()
                    .isEqualTo(new Violation("event_type", "is required"));
        }

        @Test
        void aHundredCharactersAreAllowedAndAHundredAndOneAreNot() {
            assertThat(valid(event().eventType(repeat('t', 100))).type().value()).hasSize(100);
            assertThat(violations(event().eventType(repeat('t', 101)))).extracting(Violation::field).containsExactly("event_type");
        }

        @ParameterizedTest
        @ValueSource(strings = {"page\nview", "tab\there", "bell\u0007", "del\u007f", "c1\u0085"})
        void controlCharactersAreNotPrintable(String type) {
            assertThat(violations(event().eventType(type))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("event_type");
                assertThat(v.message()).contains("printable");
            });
        }

        @Test
        void mustBeAString() {
            assertThat(violations(event().eventType(7))).singleElement()
                    .isEqualTo(new Violation("event_type", "must be a string"));
        }

        @Test
        void mustNotBeEmpty() {
            assertThat(violations(event().eventType(""))).extracting(Violation::field).containsExactly("event_type");
        }
    }

    @Nested
    class UserIds {
        @Test
        void isRequired() {
            assertThat(violations(event().userId(null))).singleElement().isEqualTo(new Violation("user_id", "is required"));
        }

        @Test
        void twoHundredFiftyFiveCharactersAreAllowedAndOneMoreIsNot() {
            assertThat(valid(event().userId(repeat('u', 255))).user().value()).hasSize(255);
            assertThat(violations(event().userId(repeat('u', 256)))).extracting(Violation::field).containsExactly("user_id");
        }

        @Test
        void integralNumbersAreTakenAsTheirDecimalText() {
            assertThat(valid(event().userId(42)).user().value()).isEqualTo("42");
            assertThat(valid(event().userId(9_007_199_254_740_993L)).user().value()).isEqualTo("9007199254740993");
            assertThat(valid(event().userId(new BigInteger("123456789012345678901234567890"))).user().value())
                    .isEqualTo("123456789012345678901234567890");
            assertThat(valid(event().userId(-5)).user().value()).isEqualTo("-5");
        }

        @Test
        void fractionalNumbersBooleansAndObjectsAreNotUserIds() {
            assertThat(violations(event().userId(4.2))).extracting(Violation::field).containsExactly("user_id");
            assertThat(violations(event().userId(true))).extracting(Violation::field).containsExactly("user_id");
            assertThat(violations(event().userId(Map.of("id", 1)))).extracting(Violation::field).containsExactly("user_id");
        }

        @Test
        void mustNotBeEmpty() {
            assertThat(violations(event().userId(""))).extracting(Violation::field).containsExactly("user_id");
        }
    }

    @Nested
    class SessionIds {
        @Test
        void isOptionalAndKeptWhenPresent() {
            assertThat(valid(event()).session()).isNull();
            assertThat(valid(event().sessionId("session_12345")).session()).isEqualTo(new SessionId("session_12345"));
        }

        @Test
        void mayBeNumeric() {
            assertThat(valid(event().sessionId(12345)).session().value()).isEqualTo("12345");
        }

        @Test
        void obeysTheLengthLimits() {
            assertThat(valid(event().sessionId(repeat('s', 255))).session().value()).hasSize(255);
            assertThat(violations(event().sessionId(repeat('s', 256)))).extracting(Violation::field).containsExactly("session_id");
            assertThat(violations(event().sessionId(""))).extracting(Violation::field).containsExactly("session_id");
            assertThat(violations(event().sessionId(List.of()))).extracting(Violation::field).containsExactly("session_id");
        }
    }

    @Nested
    class Timestamps {
        @ParameterizedTest
        @ValueSource(strings = {
                "2024-01-15T10:00:00Z",
                "2024-01-15T10:00:00.000Z",
                "2024-01-15T12:00:00+02:00",
                "2024-01-15T05:00:00-05:00",
                "2024-01-15T10:00:00",
                "2024-01-15T10:00:00.000000",
                "2024-01-15T10:00:00+00:00"})
        void isoDateTimesWithAndWithoutOffsetAreTheSameInstant(String text) {
            assertThat(valid(event().timestamp(text)).timestamp()).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
        }

        @Test
        void fractionsOfASecondAreKept() {
            assertThat(valid(event().timestamp("2024-01-15T09:59:59.123456Z")).timestamp())
                    .isEqualTo(Instant.parse("2024-01-15T09:59:59.123456Z"));
        }

        @Test
        void lateEventsKeepTheirOwnTimestamp() {
            assertThat(valid(event().timestamp("2019-03-01T00:00:00Z")).timestamp()).isEqualTo(Instant.parse("2019-03-01T00:00:00Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"yesterday", "2024-13-01T00:00:00Z", "2024-01-15", "2024-01-15 10:00:00", "1705312800", ""})
        void nonIsoTextIsRejected(String text) {
            assertThat(violations(event().timestamp(text))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("timestamp");
                assertThat(v.message()).contains("ISO-8601");
            });
        }

        /** Issue 13, finding 5: these were 202 at ingress, then six failed attempts and a dead letter in the consumer. */
        @ParameterizedTest
        @ValueSource(strings = {"0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00",
                "0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:30:00+01:00"})
        void momentsBeforeTheEarliestAreRejected(String text) {
            assertThat(violations(event().timestamp(text))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("timestamp");
                assertThat(v.message()).contains("must not be before 1970-01-01T00:00:00Z");
            });
        }

        @Test
        void theEarliestMomentItselfIsKept() {
            assertThat(valid(event().timestamp("1970-01-01T00:00:00Z")).timestamp()).isEqualTo(EventRules.EARLIEST_TIMESTAMP);
        }

        @Test
        void numbersAreRejected() {
            assertThat(violations(event().timestamp(1705312800L))).extracting(Violation::field).containsExactly("timestamp");
        }

        @Test
        void upToTwentyFourHoursAheadOfArrivalIsClockSkew() {
            Instant limit = NOW.plus(EventRules.MAX_FUTURE_SKEW);
            assertThat(valid(event().timestamp(limit.toString())).timestamp()).isEqualTo(limit);
        }

        @Test
        void moreThanTwentyFourHoursAheadOfArrivalIsRejected() {
            String farFuture = NOW.plus(Duration.ofHours(24)).plusSeconds(1).toString();
            assertThat(violations(event().timestamp(farFuture))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("timestamp");
                assertThat(v.message()).contains("future");
            });
            assertThat(violations(event().timestamp("2999-01-01T00:00:00Z"))).extracting(Violation::field).containsExactly("timestamp");
        }

        @Test
        void theFutureIsMeasuredFromArrivalNotFromValidation() {
            Instant arrival = NOW.minus(Duration.ofDays(2));
            String dayAndAHalfAfterArrival = arrival.plus(Duration.ofHours(36)).toString();
            // Before "now", but more than 24 h after the event arrived: a client clock far ahead.
            assertThat(violations(event().receivedAt(arrival).timestamp(dayAndAHalfAfterArrival)))
                    .extracting(Violation::field).containsExactly("timestamp");
        }
    }

    @Nested
    class Durations {
        @Test
        void finiteNonNegativeNumbersAreKept() {
            assertThat(valid(event().duration(0)).durationSeconds()).isEqualTo(0.0);
            assertThat(valid(event().duration(2.5)).durationSeconds()).isEqualTo(2.5);
            assertThat(valid(event().duration(3)).durationSeconds()).isEqualTo(3.0);
            assertThat(valid(event().duration(new BigDecimal("12.25"))).durationSeconds()).isEqualTo(12.25);
        }

        static Stream<Object> badDurations() {
            return Stream.of(-0.001, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    new BigDecimal("1e400"), "2.5", true);
        }

        @ParameterizedTest
        @MethodSource("badDurations")
        void negativeNonFiniteAndNonNumericDurationsAreRejected(Object duration) {
            assertThat(violations(event().duration(duration))).extracting(Violation::field).containsExactly("duration_seconds");
        }
    }

    @Nested
    class Properties {
        @Test
        void anObjectIsKept() {
            Map<String, Object> props = Map.of("page_url", "/home", "nested", Map.of("list", List.of(1, "two", false)));
            assertThat(valid(event().properties(props).propertiesBytes(80)).properties().asMap()).isEqualTo(props);
        }

        @Test
        void eventDataIsASynonymOfProperties() {
            Map<String, Object> data = Map.of("session_id", "session_12345", "referrer", "google.com");
            assertThat(valid(event().eventData(data)).properties().asMap()).isEqualTo(data);
        }

        @Test
        void sendingBothIsRejectedNamingEventData() {
            assertThat(violations(event().properties(Map.of("a", 1)).eventData(Map.of("b", 2)))).singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("event_data"));
        }

        @Test
        void thirtyTwoKilobytesAreAllowedAndOneByteMoreIsNot() {
            assertThat(valid(event().properties(Map.of("a", 1)).propertiesBytes(32 * 1024)).properties().get("a")).isEqualTo(1);
            assertThat(violations(event().properties(Map.of("a", 1)).propertiesBytes(32 * 1024 + 1)))
                    .singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("properties");
                        assertThat(v.message()).contains("32768");
                    });
            assertThat(violations(event().eventData(Map.of("a", 1)).propertiesBytes(32 * 1024 + 1)))
                    .extracting(Violation::field).containsExactly("event_data");
        }

        @Test
        void nonObjectsAreRejected() {
            assertThat(violations(event().properties(List.of(1, 2)))).extracting(Violation::field).containsExactly("properties");
            assertThat(violations(event().properties("{\"a\":1}"))).extracting(Violation::field).containsExactly("properties");
            assertThat(violations(event().eventData(5))).extracting(Violation::field).containsExactly("event_data");
        }

        @Test
        void nulAnywhereInsideIsRejected() {
            assertThat(violations(event().properties(Map.of("a", "x\u0000y")))).extracting(Violation::field).containsExactly("properties");
            assertThat(violations(event().properties(Map.of("k\u0000", "v")))).extracting(Violation::field).containsExactly("properties");
            assertThat(violations(event().properties(Map.of("a", Map.of("b", List.of("ok", "\u0000"))))))
                    .extracting(Violation::field).containsExactly("properties");
        }

        @Test
        void unpairedSurrogatesInsideAreRejected() {
            assertThat(violations(event().properties(Map.of("a", List.of("\ud83d")))))
                    .extracting(Violation::field).containsExactly("properties");
            assertThat(valid(event().properties(Map.of("a", "\ud83d\ude80"))).properties().get("a")).isEqualTo("🚀");
        }

        @Test
        void nestingUpToTheLimitIsKeptAndOneLevelMoreIsRejected() {
            assertThat(valid(event().properties(nested(EventRules.MAX_PROPERTIES_DEPTH))).properties().asMap()).isNotEmpty();
            assertThat(violations(event().properties(nested(EventRules.MAX_PROPERTIES_DEPTH + 1)))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("properties");
                assertThat(v.message()).contains("64 levels");
            });
            assertThat(violations(event().eventData(nested(999)))).extracting(Violation::field).containsExactly("event_data");
        }

        /** Objects and arrays alternating, {@code depth} levels counting the outer object. */
        private Map<String, Object> nested(int depth) {
            Object value = 1;
            for (int level = depth; level > 1; level--) {
                value = level % 2 == 0 ? List.of(value) : Map.of("a", value);
            }
            return Map.of("a", value);
        }

        @Test
        void numbersBeyondADoubleAreRejectedInsteadOfStoredAsInfinity() {
            assertThat(violations(event().properties(Map.of("big", Double.POSITIVE_INFINITY)))).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("finite"));
            assertThat(violations(event().properties(Map.of("l", List.of(1, Double.NaN))))).extracting(Violation::field)
                    .containsExactly("properties");
            assertThat(valid(event().properties(Map.of("max", Double.MAX_VALUE))).properties().get("max")).isEqualTo(Double.MAX_VALUE);
        }

        @Test
        void jsonNullsInsideAreKept() {
            Map<String, Object> props = new HashMap<>();
            props.put("coupon", null);
            assertThat(valid(event().properties(props)).properties().asMap()).containsEntry("coupon", null);
        }

        @Test
        void theEventDoesNotShareTheCallersMap() {
            Map<String, Object> props = new HashMap<>(Map.of("a", 1));
            Event e = valid(event().properties(props));
            props.put("b", 2);
            assertThat(e.properties().asMap()).containsOnlyKeys("a");
        }
    }

    static Stream<Arguments> unstorableText() {
        return Stream.of(
                Arguments.of("event_id", event().eventId("a\u0000b")),
                Arguments.of("event_id", event().eventId("a\ud800")),
                Arguments.of("event_type", event().eventType("a\u0000b")),
                Arguments.of("event_type", event().eventType("\udc00x")),
                Arguments.of("user_id", event().userId("u\u0000")),
                Arguments.of("user_id", event().userId("\ud83d")),
                Arguments.of("session_id", event().sessionId("s\u0000")),
                Arguments.of("session_id", event().sessionId("x\ude80y")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unstorableText")
    void nulAndUnpairedSurrogatesAreRejectedInEveryTextField(String field, Drafts draft) {
        assertThat(violations(draft)).extracting(Violation::field).containsExactly(field);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnceEachNamingItsField() {
        List<Violation> all = violations(event().eventId(repeat('x', 101)).eventType(null).userId("").sessionId(3.5)
                .timestamp("not a date").duration(-1).properties(List.of()));

        assertThat(all).extracting(Violation::field)
                .containsExactly("event_id", "event_type", "user_id", "session_id", "timestamp", "duration_seconds", "properties");
        Validated.Invalid<Event> invalid = (Validated.Invalid<Event>) validate(event().eventType(null).userId(null));
        assertThat(invalid.reason()).isEqualTo("event_type: is required; user_id: is required");
    }

    @Test
    void theSameDraftValidatesToEqualEvents() {
        Drafts draft = event().sessionId("s").timestamp("2024-01-15T09:00:00Z").duration(1.5).properties(Map.of("a", 1));
        assertThat(valid(draft)).isEqualTo(valid(draft));
    }
}
