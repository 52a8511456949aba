package io.sluice.application.port.in;

/**
 * Sends pending dead letters through validation again and appends those that pass to the buffer.
 * Idempotent: a replayed dead letter is marked and skipped next time, and a replayed item keeps a
 * stable id (its own, or one derived from the dead letter), so even a replay interrupted between
 * append and mark lands once. Thread-safe.
 */
public interface ReplayDeadLettersUseCase {

    /**
     * @param query which pending dead letters to replay (its {@code replayed} filter is ignored)
     * @throws io.sluice.application.port.out.BufferRefusedException when the buffer refused
     */
    ReplayReport replay(DeadLetterQuery query);

    /**
     * Replays exactly the dead letter {@code id}, never another one.
     *
     * @return what became of it: replayed, still invalid, or nothing done because it is unknown or
     *         was already replayed (perhaps a moment ago by someone else)
     * @throws io.sluice.application.port.out.BufferRefusedException when the buffer refused
     */
    ReplayOutcome replayOne(long id);
}
