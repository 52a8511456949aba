package io.sluice.application.port.out;

import io.sluice.application.port.in.DeadLetterQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Hands pending dead letters to one replay at a time and marks what it replayed, so that
 * concurrent replays never replay (or report) one dead letter twice. A dead letter is held by at
 * most one call while that call's replay runs; the dead letters it returns are marked
 * replayed before the hold ends, together; if it throws, nothing is marked and the dead letters
 * stay pending. Safe for concurrent use.
 * <p>
 * A replay is given the pending dead letters its call holds, each payload decoded again, and
 * returns the dead letters it replayed, each with the id of the event or sample it became; only
 * these are marked replayed.
 */
public interface ClaimDeadLettersPort {

    /**
     * Holds the pending dead letters matching {@code query} (at most its limit, newest first, and
     * only while the payload bytes before each stay under {@link DeadLetterQuery#PAGE_PAYLOAD_BYTES},
     * so a call holds one bounded chunk) that no concurrent replay holds, and runs {@code replay}
     * over them (also when there are none).
     */
    void replayPending(DeadLetterQuery query, Instant at, Function<List<ReplayCandidate>, Map<Long, String>> replay);

    /**
     * Holds the dead letter {@code id} when it is pending, waiting for a concurrent replay that
     * holds it to finish first (then it is no longer pending), and runs {@code replay} over it, or
     * over nothing.
     */
    void replayPendingOne(long id, Instant at, Function<List<ReplayCandidate>, Map<Long, String>> replay);
}
