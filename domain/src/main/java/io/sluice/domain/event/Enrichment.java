package io.sluice.domain.event;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the consumer adds to an event before storing it: seed 003's high-value flag. A purchase
 * (event type {@code purchase}, any case) whose {@code properties.amount} (a number or a numeric
 * string) is over the threshold gets {@code is_high_value: true}, any other purchase with a
 * numeric amount {@code false}; other events, and purchases without a numeric amount, are left as
 * they are. Seed 003's threshold is 100; the rule can be switched off ({@link #NONE}). Immutable
 * and thread-safe.
 */
public final class Enrichment {

    public static final String HIGH_VALUE_FLAG = "is_high_value";
    /** Seed 003's rule: purchases over 100 are high value. */
    public static final Enrichment SEED_003 = new Enrichment(true, BigDecimal.valueOf(100));
    /** No enrichment: events are stored as they came. */
    public static final Enrichment NONE = new Enrichment(false, BigDecimal.ZERO);

    private final boolean highValueFlag;
    private final BigDecimal threshold;

    /**
     * @param highValueFlag whether purchases are flagged at all
     * @param threshold     an amount strictly over it is high value
     */
    public Enrichment(boolean highValueFlag, BigDecimal threshold) {
        this.highValueFlag = highValueFlag;
        this.threshold = Objects.requireNonNull(threshold, "threshold");
    }

    /** Seed 003's rule ({@link #SEED_003}). */
    public static Event enrich(Event event) {
        return SEED_003.apply(event);
    }

    public Event apply(Event event) {
        if (!highValueFlag || !"purchase".equalsIgnoreCase(event.type().value())) {
            return event;
        }
        BigDecimal amount = amountOf(event.properties().get("amount"));
        if (amount == null) {
            return event;
        }
        return event.withProperties(event.properties().with(HIGH_VALUE_FLAG, amount.compareTo(threshold) > 0));
    }

    private static BigDecimal amountOf(Object amount) {
        try {
            if (amount instanceof Number number) {
                return new BigDecimal(number.toString());
            }
            if (amount instanceof String text) {
                return new BigDecimal(text.trim());
            }
        } catch (NumberFormatException notANumber) {
            return null;
        }
        return null;
    }
}
