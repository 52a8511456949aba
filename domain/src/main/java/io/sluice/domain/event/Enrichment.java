package io.sluice.domain.event;

import java.math.BigDecimal;

/**
 * What the consumer adds to an event before storing it. Today: a purchase whose
 * {@code amount} is over 100 is flagged {@code is_high_value: true} (seed 003's rule), and any
 * other purchase with a numeric amount {@code false}. Stateless and thread-safe.
 */
public final class Enrichment {

    public static final String HIGH_VALUE_FLAG = "is_high_value";
    private static final BigDecimal HIGH_VALUE_THRESHOLD = BigDecimal.valueOf(100);

    private Enrichment() {
    }

    public static Event enrich(Event event) {
        if (!"purchase".equalsIgnoreCase(event.type().value())) {
            return event;
        }
        BigDecimal amount = amountOf(event.properties().get("amount"));
        if (amount == null) {
            return event;
        }
        return event.withProperties(event.properties().with(HIGH_VALUE_FLAG, amount.compareTo(HIGH_VALUE_THRESHOLD) > 0));
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
