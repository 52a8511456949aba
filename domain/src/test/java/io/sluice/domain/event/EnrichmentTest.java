package io.sluice.domain.event;

import static io.sluice.domain.event.Drafts.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EnrichmentTest {

    private static Object flagOf(Event event) {
        return Enrichment.enrich(event).properties().asMap().get(Enrichment.HIGH_VALUE_FLAG);
    }

    @Test
    void aPurchaseOverOneHundredIsHighValue() {
        assertThat(flagOf(event().purchase(100.01).valid())).isEqualTo(true);
        assertThat(flagOf(event().purchase(150).valid())).isEqualTo(true);
        assertThat(flagOf(event().purchase(new BigInteger("1000000000000000000000")).valid())).isEqualTo(true);
    }

    @Test
    void theThresholdIsConfigurableAndTheFlagCanBeSwitchedOff() {
        Enrichment over500 = new Enrichment(true, BigDecimal.valueOf(500));
        assertThat(over500.apply(event().purchase(150).valid()).properties().get(Enrichment.HIGH_VALUE_FLAG)).isEqualTo(false);
        assertThat(over500.apply(event().purchase(501).valid()).properties().get(Enrichment.HIGH_VALUE_FLAG)).isEqualTo(true);
        assertThat(Enrichment.NONE.apply(event().purchase(10_000).valid()).properties().asMap())
                .doesNotContainKey(Enrichment.HIGH_VALUE_FLAG);
    }

    @Test
    void aPurchaseOfOneHundredOrLessIsNot() {
        assertThat(flagOf(event().purchase(100).valid())).isEqualTo(false);
        assertThat(flagOf(event().purchase(100.0).valid())).isEqualTo(false);
        assertThat(flagOf(event().purchase(new BigDecimal("100.000")).valid())).isEqualTo(false);
        assertThat(flagOf(event().purchase(0).valid())).isEqualTo(false);
        assertThat(flagOf(event().purchase(-500).valid())).isEqualTo(false);
    }

    @Test
    void numericStringAmountsCount() {
        assertThat(flagOf(event().purchase("149.99").valid())).isEqualTo(true);
        assertThat(flagOf(event().purchase(" 99.5 ").valid())).isEqualTo(false);
        assertThat(flagOf(event().purchase("100").valid())).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", "NaN", "Infinity", "12,50"})
    void aNonNumericAmountLeavesThePurchaseUnchanged(String amount) {
        Event purchase = event().purchase(amount).valid();
        assertThat(Enrichment.enrich(purchase)).isEqualTo(purchase);
    }

    @Test
    void anAbsentOrNonNumericTypedAmountLeavesThePurchaseUnchanged() {
        for (Event purchase : new Event[] {
                event().purchase(null).valid(),
                event().purchase(true).valid(),
                event().purchase(Map.of("value", 500)).valid()}) {
            assertThat(Enrichment.enrich(purchase)).isEqualTo(purchase);
        }
        // A NaN amount no longer reaches enrichment: properties must hold finite numbers (issue 13).
        assertThat(new EventRules(new java.util.SplittableRandom(1)).validate(event().purchase(Double.NaN).build(), Drafts.NOW))
                .isInstanceOf(Validated.Invalid.class);
    }

    @Test
    void otherEventTypesAreUnchangedWhateverTheirAmount() {
        Event view = event().eventType("page_view").properties(Map.of("amount", 500)).valid();
        assertThat(Enrichment.enrich(view)).isSameAs(view);
    }

    @Test
    void enrichmentKeepsEverythingElseAndDoesNotTouchTheOriginal() {
        Event purchase = event().purchase(250).sessionId("s-1").duration(3.5).timestamp("2024-01-15T09:00:00Z").valid();
        Event enriched = Enrichment.enrich(purchase);

        assertThat(enriched.properties().asMap())
                .containsEntry("amount", 250).containsEntry("currency", "EUR").containsEntry(Enrichment.HIGH_VALUE_FLAG, true);
        assertThat(purchase.properties().asMap()).doesNotContainKey(Enrichment.HIGH_VALUE_FLAG);
        assertThat(enriched.withProperties(purchase.properties())).isEqualTo(purchase);
    }

    @Test
    void enrichingTwiceIsEnrichingOnce() {
        Event once = Enrichment.enrich(event().purchase(250).valid());
        assertThat(Enrichment.enrich(once)).isEqualTo(once);
    }
}
