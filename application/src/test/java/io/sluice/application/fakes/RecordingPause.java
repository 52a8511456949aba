package io.sluice.application.fakes;

import io.sluice.application.service.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Pause} that does not wait but remembers every delay; it can be told to be interrupted. Thread-safe. */
public final class RecordingPause implements Pause {

    private final List<Duration> pauses = new ArrayList<>();
    private int interruptAt = -1;

    /** The {@code n}-th pause (from 1) throws {@link InterruptedException}, as a shutdown would. */
    public synchronized RecordingPause interruptOnPause(int n) {
        this.interruptAt = n;
        return this;
    }

    @Override
    public synchronized void pause(Duration delay) throws InterruptedException {
        pauses.add(delay);
        if (pauses.size() == interruptAt) {
            throw new InterruptedException("shutdown (test)");
        }
    }

    public synchronized List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
