package io.sluice.adapters.http;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.QueryDeadLettersUseCase;
import io.sluice.application.port.in.ReplayDeadLettersUseCase;
import io.sluice.application.port.in.ReplayOutcome;
import io.sluice.application.port.in.ReplayReport;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A dead-letter store and replay in memory, with the port's semantics: newest first, pending
 * only on replay, a replayed letter marked. A {@code MALFORMED} letter stays bad on replay; any
 * other becomes event {@code dl-<id>}. Thread-safe.
 */
final class InMemoryDeadLetters implements QueryDeadLettersUseCase, ReplayDeadLettersUseCase {

    private final TreeMap<Long, StoredDeadLetter> letters = new TreeMap<>();
    private final List<DeadLetterQuery> queries = new ArrayList<>();
    private final List<DeadLetterQuery> replays = new ArrayList<>();
    private final List<Long> replayedOnes = new ArrayList<>();
    private final Instant replayTime;
    private Runnable beforeReplay = () -> { };

    InMemoryDeadLetters(Instant replayTime) {
        this.replayTime = replayTime;
    }

    synchronized void store(long id, DeadLetter letter) {
        letters.put(id, new StoredDeadLetter(id, letter, null, null));
    }

    synchronized void markReplayed(long id, String eventId) {
        letters.put(id, new StoredDeadLetter(id, letters.get(id).letter(), replayTime, eventId));
    }

    /** Runs inside the next replays, before they read: another client acting in between. */
    synchronized void beforeReplay(Runnable action) {
        this.beforeReplay = action;
    }

    synchronized List<DeadLetterQuery> queries() {
        return List.copyOf(queries);
    }

    /** The dead letters replayOne was asked for while they were pending (whatever they turned out as). */
    synchronized List<Long> replayedOnes() {
        return List.copyOf(replayedOnes);
    }

    synchronized List<DeadLetterQuery> replays() {
        return List.copyOf(replays);
    }

    @Override
    public synchronized List<StoredDeadLetter> find(DeadLetterQuery query) {
        queries.add(query);
        return matching(query, query.replayed());
    }

    @Override
    public synchronized Optional<StoredDeadLetter> findById(long id) {
        return Optional.ofNullable(letters.get(id));
    }

    @Override
    public synchronized ReplayReport replay(DeadLetterQuery query) {
        replays.add(query);
        beforeReplay.run();
        List<ReplayOutcome.Replayed> replayed = new ArrayList<>();
        List<ReplayOutcome.StillInvalid> stillInvalid = new ArrayList<>();
        for (StoredDeadLetter letter : matching(query, false)) {
            if (letter.letter().reason() == DeadLetterReason.MALFORMED) {
                stillInvalid.add(new ReplayOutcome.StillInvalid(letter.id(), "still malformed"));
            } else {
                markReplayed(letter.id(), "dl-" + letter.id());
                replayed.add(new ReplayOutcome.Replayed(letter.id(), "dl-" + letter.id()));
            }
        }
        return new ReplayReport(replayed, stillInvalid);
    }

    @Override
    public synchronized ReplayOutcome replayOne(long id) {
        beforeReplay.run();
        StoredDeadLetter letter = letters.get(id);
        if (letter == null) {
            return new ReplayOutcome.Unknown(id);
        }
        if (letter.replayed()) {
            return new ReplayOutcome.AlreadyReplayed(letter);
        }
        replayedOnes.add(id);
        if (letter.letter().reason() == DeadLetterReason.MALFORMED) {
            return new ReplayOutcome.StillInvalid(id, "still malformed");
        }
        markReplayed(id, "dl-" + id);
        return new ReplayOutcome.Replayed(id, "dl-" + id);
    }

    private List<StoredDeadLetter> matching(DeadLetterQuery query, Boolean replayed) {
        return letters.values().stream()
                .filter(d -> query.reason() == null || d.letter().reason() == query.reason())
                .filter(d -> query.source() == null || d.letter().source().value().equals(query.source()))
                .filter(d -> query.from() == null || !d.letter().failedAt().isBefore(query.from()))
                .filter(d -> query.to() == null || d.letter().failedAt().isBefore(query.to()))
                .filter(d -> replayed == null || d.replayed() == replayed)
                .filter(d -> query.beforeId() == null || d.id() < query.beforeId())
                .sorted(Comparator.comparingLong(StoredDeadLetter::id).reversed())
                .limit(query.limit())
                .toList();
    }
}
