package io.sluice.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.common.layout.DropwizardLayoutFactory;
import java.util.TimeZone;

/**
 * {@code layout: {type: text}}: Dropwizard's usual one-line layout under a name, so that
 * {@code config.yml} can choose between {@code text} and {@code json} with one environment
 * variable ({@code SLUICE_LOG_FORMAT}); Dropwizard itself only names the JSON layouts.
 */
@JsonTypeName("text")
public final class TextLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        return new DropwizardLayoutFactory().build(context, timeZone);
    }
}
