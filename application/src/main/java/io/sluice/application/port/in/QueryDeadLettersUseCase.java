package io.sluice.application.port.in;

import java.util.List;
import java.util.Optional;

/** Reads the dead-letter store. Thread-safe. */
public interface QueryDeadLettersUseCase {

    List<StoredDeadLetter> find(DeadLetterQuery query);

    Optional<StoredDeadLetter> findById(long id);
}
