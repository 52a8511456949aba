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
}
