package io.sluice.application.port.out;

import java.time.Instant;
import java.util.Map;

/** Records that dead letters were replayed, so a second replay skips them. Safe for concurrent use. */
public interface MarkDeadLettersReplayedPort {

    /**
     * @param eventIdsByDeadLetter the id of the event each dead letter became
     */
    void markReplayed(Map<Long, String> eventIdsByDeadLetter, Instant at);
}
