package io.sluice.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.adapters.http.EventBodies;
import io.sluice.application.port.in.Incoming;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Validated;
import io.sluice.domain.event.Violation;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.adapters.recordformat.RecordDocument;
import io.sluice.application.port.out.RecordDraft;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Coverage-guided fuzzing of what {@code POST /v1/events} does with a body before the buffer:
 * the adapter's item parser ({@code EventBodies.parse}, its public entry: JSON and NDJSON),
 * {@code EventFields.draft} and {@code EventRules.validate}. Invariants:
 * <ul>
 *   <li>a body is either refused whole with a documented 400 ({@code malformed_json},
 *       {@code empty_batch}) or split into items; nothing else is ever thrown;</li>
 *   <li>every item is accounted for: as many items as the array has elements or the NDJSON has
 *       non-blank lines, each parsed or unparsed, each with its raw bytes;</li>
 *   <li>validation never throws; an invalid item names at least one violation; an accepted
 *       event satisfies every rule of DESIGN §3;</li>
 *   <li>an accepted event survives the buffer: written as the buffer document and read back,
 *       the consumer's validation accepts the same event (an acknowledged event is never
 *       dead-lettered later).</li>
 * </ul>
 * Input: the first byte picks the format (odd: NDJSON), the rest is the body. Under plain
 * {@code mvn test} the seeds in {@code EventParsingFuzzTestInputs} run as regression tests;
 * {@code .ci/fuzz} fuzzes for a fixed time ({@code JAZZER_FUZZ=1}).
 */
class EventParsingFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<String> BODY_REFUSALS = List.of("malformed_json", "empty_batch");

    @FuzzTest(maxDuration = "60s")
    void parsing_and_validation_hold_their_invariants(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        boolean ndjson = (input[0] & 1) == 1;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        EventBodies.Parsed parsed = EventBodies.parse(body, ndjson);
        if (parsed instanceof EventBodies.Refused refused) {
            if (refused.code().equals("too_many_items")) {
                assertThat(refused.status()).isEqualTo(413);
            } else {
                assertThat(refused.status()).isEqualTo(400);
                assertThat(refused.code()).isIn(BODY_REFUSALS);
            }
            assertThat(refused.message()).isNotBlank();
            return;
        }
        List<Incoming<EventDraft>> items = ((EventBodies.Items) parsed).items();
        assertThat(items).isNotEmpty();
        // Integer.valueOf: with an int in the other branch, the conditional would unbox a null count and throw
        Integer expected = ndjson ? Integer.valueOf(nonBlankLines(body)) : jsonItemCount(body);
        if (expected != null) {
            assertThat(items).as("every item accounted for").hasSize(expected);
        }
        EventRules rules = new EventRules(new SplittableRandom(7));
        for (Incoming<EventDraft> item : items) {
            assertThat(item.raw().length).isPositive().isLessThanOrEqualTo(body.length);
            if (item instanceof Incoming.Unparsed<EventDraft> unparsed) {
                assertThat(unparsed.reason()).isNotBlank();
                continue;
            }
            EventDraft draft = ((Incoming.Parsed<EventDraft>) item).draft();
            Validated<Event> validated = rules.validate(draft, NOW);
            if (validated instanceof Validated.Invalid<Event> invalid) {
                assertThat(invalid.violations()).isNotEmpty();
                for (Violation violation : invalid.violations()) {
                    assertThat(violation.field()).isNotBlank();
                    assertThat(violation.message()).isNotBlank();
                }
                continue;
            }
            Event event = ((Validated.Valid<Event>) validated).value();
            assertSatisfiesTheRules(event);
            assertSurvivesTheBuffer(event, rules);
        }
    }

    private static void assertSatisfiesTheRules(Event event) {
        assertThat(event.id().value()).isNotEmpty().hasSizeLessThanOrEqualTo(100).doesNotContain("\u0000");
        assertThat(event.type().value()).isNotEmpty().hasSizeLessThanOrEqualTo(100).doesNotContain("\u0000");
        assertThat(event.user().value()).isNotEmpty().hasSizeLessThanOrEqualTo(255).doesNotContain("\u0000");
        if (event.durationSeconds() != null) {
            assertThat(event.durationSeconds()).isFinite().isGreaterThanOrEqualTo(0.0);
        }
        assertThat(event.timestamp()).isBeforeOrEqualTo(NOW.plus(EventRules.MAX_FUTURE_SKEW));
        assertThat(event.receivedAt()).isEqualTo(NOW);
        assertThat(event.source()).isEqualTo(EventSource.NATIVE);
    }

    /** Ingress acknowledged it; the consumer, reading the buffer document back, must accept the same event. */
    private static void assertSurvivesTheBuffer(Event event, EventRules rules) throws Exception {
        byte[] document = JSON.writeValueAsBytes(RecordDocument.toDocument(new BufferedRecord.EventRecord(event)));
        Map<String, Object> read = JSON.readValue(document, new TypeReference<Map<String, Object>>() { });
        RecordDraft draft = RecordDocument.fromDocument(read, document.length, EventSource.FOREIGN_PRODUCER);
        assertThat(draft).isInstanceOf(RecordDraft.OfEvent.class);
        Validated<Event> again = rules.validate(((RecordDraft.OfEvent) draft).draft(), NOW.plusSeconds(5));
        assertThat(again).as("the consumer accepts what ingress accepted: %s", again).isInstanceOf(Validated.Valid.class);
        Event consumed = ((Validated.Valid<Event>) again).value();
        assertThat(consumed.id()).isEqualTo(event.id());
        assertThat(consumed.type()).isEqualTo(event.type());
        assertThat(consumed.user()).isEqualTo(event.user());
        assertThat(consumed.timestamp()).isEqualTo(event.timestamp());
        assertThat(consumed.durationSeconds()).isEqualTo(event.durationSeconds());
    }

    /** NDJSON: one item per line holding anything but blanks. */
    private static int nonBlankLines(byte[] body) {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                for (int j = start; j < i; j++) {
                    if (body[j] != ' ' && body[j] != '\t' && body[j] != '\r') {
                        count++;
                        break;
                    }
                }
                start = i + 1;
            }
        }
        return count;
    }

    /** JSON: the elements of a top-level array, or 1; null when an independent parser disagrees the body is one value. */
    private static Integer jsonItemCount(byte[] body) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                return null;
            }
            return tree.isArray() ? tree.size() : 1;
        } catch (Exception notOneValue) {
            return null;
        }
    }
}
