package io.sluice.application.service;

import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.Validated;
import io.sluice.domain.event.Violation;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricRules;
import io.sluice.domain.metric.MetricSample;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The one check every way in applies to an item (ingress, the consumer for records that never
 * passed ingress, replay): the domain's rules, then, for an event, its registered schema
 * ({@link SchemaGate}). What fails becomes a refusal naming the dead-letter reason. Thread-safe if
 * the random generator is.
 */
final class Admission {

    private final EventRules eventRules;
    private final MetricRules metricRules;
    private final SchemaGate schemas;

    Admission(RandomGenerator random, SchemaGate schemas) {
        this.eventRules = new EventRules(random);
        this.metricRules = new MetricRules(random);
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    /** What the check made of an item. */
    sealed interface Verdict<T> permits Admitted, Refused {
    }

    /**
     * Passed every rule (and, for an event, the schema).
     *
     * @param value     what is appended: for an event, stamped with what the schema check found
     * @param validated what the rules made of the draft, before any schema stamp
     */
    record Admitted<T>(T value, T validated) implements Verdict<T> {
    }

    /**
     * Refused.
     *
     * @param reason     {@link DeadLetterReason#INVALID} for a broken rule, {@link DeadLetterReason#SCHEMA} for a schema
     * @param detail     the dead letter's detail
     * @param violations the per-item errors for the client
     */
    record Refused<T>(DeadLetterReason reason, String detail, List<Violation> violations) implements Verdict<T> {
    }

    /** Checks an event that no schema was checked for yet. */
    Verdict<Event> event(EventDraft draft, Instant now) {
        return event(draft, null, now);
    }

    /**
     * @param stamped what Sluice's ingress found when it checked this event's schema, or {@code null}
     *                when it never did (a foreign producer's record, a dead letter's payload)
     */
    Verdict<Event> event(EventDraft draft, SchemaStamp stamped, Instant now) {
        Validated<Event> validated = eventRules.validate(draft, now);
        if (validated instanceof Validated.Invalid<Event> invalid) {
            return new Refused<>(DeadLetterReason.INVALID, invalid.reason(), invalid.violations());
        }
        Event event = ((Validated.Valid<Event>) validated).value();
        if (stamped != null) {
            return new Admitted<>(event.withSchema(stamped), event);
        }
        SchemaGate.Decision decision = schemas.check(event);
        if (decision instanceof SchemaGate.Refused refused) {
            return new Refused<>(DeadLetterReason.SCHEMA, refused.detail(), refused.violations());
        }
        return new Admitted<>(((SchemaGate.Passed) decision).event(), event);
    }

    Verdict<MetricSample> metric(MetricDraft draft, Instant now) {
        Validated<MetricSample> validated = metricRules.validate(draft, now);
        if (validated instanceof Validated.Invalid<MetricSample> invalid) {
            return new Refused<>(DeadLetterReason.INVALID, invalid.reason(), invalid.violations());
        }
        MetricSample sample = ((Validated.Valid<MetricSample>) validated).value();
        return new Admitted<>(sample, sample);
    }
}
