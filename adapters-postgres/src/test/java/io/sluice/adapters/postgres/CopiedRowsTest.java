package io.sluice.adapters.postgres;

import static io.sluice.adapters.postgres.TestEvents.batch;
import static io.sluice.adapters.postgres.TestEvents.event;
import static io.sluice.adapters.postgres.TestEvents.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.application.port.in.StoredEvent;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Raw rows go to PostgreSQL in the text COPY format ({@link CopyText}): whatever characters an
 * event holds, including the format's own (backslash, tab, newline, carriage return, {@code \N},
 * {@code \.}), it is stored and read back as it was sent.
 */
class CopiedRowsTest {

    private static final Instant AT = Instant.parse("2026-12-04T04:44:30.871855Z");

    private final FreshStore fixture = new FreshStore();

    @Test
    void theFormatsOwnCharactersAreStoredAsSent() {
        String nasty = "a\\b\tc\nd\re\\N\\.f";
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("path", "C:\\temp\\new\tfile\n\\.");
        properties.put("literal", "\\N");
        properties.put("nested", Map.of("quote", "\"\\\"", "emoji", "🚀"));
        Event first = event("id\\N\t" + nasty, "type\\.", "user\n" + nasty, AT, 1.5e-7, properties);
        Event second = event("\\.", "page_view", "\\N", AT.plusSeconds(1), null, Map.of());

        assertThat(fixture.store().store(batch(List.of(first, second), List.of(position(0, 2)))).eventsStored()).isEqualTo(2);

        StoredEvent stored = fixture.events().findById(new EventId("id\\N\t" + nasty)).orElseThrow();
        assertThat(stored.event().type().value()).isEqualTo("type\\.");
        assertThat(stored.event().user().value()).isEqualTo("user\n" + nasty);
        assertThat(stored.event().durationSeconds()).isEqualTo(1.5e-7);
        assertThat(stored.event().properties().asMap()).isEqualTo(properties);
        assertThat(stored.event().timestamp()).isEqualTo(AT);
        StoredEvent other = fixture.events().findById(new EventId("\\.")).orElseThrow();
        assertThat(other.event().user().value()).isEqualTo("\\N");
        assertThat(other.event().durationSeconds()).isNull();
        assertThat(other.event().session().value()).isEqualTo("s-\\N");
    }
}
