package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.sluice.domain.schema.UnknownEventTypes;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The {@code schemas} section: the unknown-event-types policy, the optional schema directory, the refresh interval. */
public final class SchemasConfig {

    @JsonProperty
    @NotNull
    @Pattern(regexp = "(?i)allow|warn|block", message = "is allow, warn or block")
    private String unknownEventTypes = "allow";

    @JsonProperty
    @NotNull
    private String directory = "";

    @JsonProperty
    @NotNull
    private Duration refreshInterval = Duration.seconds(1);

    public UnknownEventTypes unknownEventTypes() {
        return UnknownEventTypes.fromLabel(unknownEventTypes.toLowerCase(Locale.ROOT));
    }

    /** The directory of {@code <event_type>.json} files loaded at start-up, if configured. */
    public Optional<Path> directory() {
        return directory.isBlank() ? Optional.empty() : Optional.of(Path.of(directory));
    }

    public java.time.Duration refreshInterval() {
        return refreshInterval.toJavaDuration();
    }
}
