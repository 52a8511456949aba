package io.sluice.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventFieldsTest {

    private final EventRules rules = new EventRules(new SplittableRandom(1));

    @Test
    void theClientTextOfThePropertiesInUseIsKeptOnTheDraftButIsNotPartOfTheEvent() {
        byte[] propertiesText = "{ \"a\" : 1 }".getBytes(StandardCharsets.UTF_8);
        byte[] eventDataText = "{\"b\":2}".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> texts = Map.of("properties", propertiesText, "event_data", eventDataText, "context", new byte[] {'{', '}'});
        Map<String, Object> native_ = new LinkedHashMap<>(Map.of("event_id", "e", "event_type", "t", "user_id", "u", "properties", Map.of("a", 1)));
        Map<String, Object> seed3 = new LinkedHashMap<>(Map.of("event_type", "t", "user_id", "u", "event_data", Map.of("b", 2)));
        Map<String, Object> notAnObject = new LinkedHashMap<>(Map.of("event_type", "t", "user_id", "u", "properties", "text"));

        assertThat(EventFields.draft(native_, 60, null, EventSource.NATIVE, texts::get).encodedProperties()).isSameAs(propertiesText);
        assertThat(EventFields.draft(seed3, 60, null, EventSource.NATIVE, texts::get).encodedProperties()).isSameAs(eventDataText);
        assertThat(EventFields.draft(notAnObject, 60, null, EventSource.NATIVE, texts::get).encodedProperties()).isNull();
        assertThat(EventFields.draft(native_, 60, null, EventSource.NATIVE).encodedProperties()).isNull();

        Validated<Event> validated = rules.validate(EventFields.draft(native_, 60, null, EventSource.NATIVE, texts::get), Drafts.NOW);
        Event event = ((Validated.Valid<Event>) validated).value();
        assertThat(event.properties()).isEqualTo(EventProperties.of(Map.of("a", 1)));
        assertThat(event).isEqualTo(((Validated.Valid<Event>) rules.validate(EventFields.draft(native_, 60, null, EventSource.NATIVE),
                Drafts.NOW)).value());
    }

    @Test
    void aSmallObjectIsMeasuredByItsSizeALargeOneByItsValues() {
        Map<String, Object> small = Map.of("event_type", "t", "user_id", "u", "properties", Map.of("a", 1));
        assertThat(EventFields.draft(small, 60, null, EventSource.NATIVE).propertiesBytes()).isEqualTo(60);

        // 1e9 takes 3 characters in a client's text and 5 (1.0E9) as Java prints it: a large object is measured by its values.
        Map<String, Object> large = Map.of("event_type", "t", "user_id", "u", "properties",
                Map.of("n", Collections.nCopies(2_000, 1.0e9)));
        assertThat(EventFields.draft(large, 8_100, null, EventSource.NATIVE).propertiesBytes())
                .isEqualTo((int) JsonSize.of(Map.of("n", Collections.nCopies(2_000, 1.0e9))));
    }
}
