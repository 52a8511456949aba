package io.sluice.application.port.out;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import java.util.List;
import java.util.Optional;

/** Reads the dead-letter store. Safe for concurrent use. */
public interface LoadDeadLettersPort {

    List<StoredDeadLetter> find(DeadLetterQuery query);

    Optional<StoredDeadLetter> findById(long id);

    /** Pending (never replayed) dead letters matching the query, each payload decoded again. */
    List<ReplayCandidate> replayCandidates(DeadLetterQuery query);

    /**
     * The dead letter {@code id}, payload decoded again, if it exists and is pending (never
     * replayed); empty otherwise. Never another dead letter. This default asks
     * {@link #replayCandidates} for the newest pending one below {@code id + 1} and keeps it only
     * when it is {@code id}; stores override it with a lookup by id.
     */
    default Optional<ReplayCandidate> replayCandidate(long id) {
        if (id < 0 || id == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return replayCandidates(new DeadLetterQuery(null, null, null, null, false, id + 1, 1)).stream()
                .filter(candidate -> candidate.stored().id() == id)
                .findFirst();
    }
}
