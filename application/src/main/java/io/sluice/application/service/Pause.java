package io.sluice.application.service;

import java.time.Duration;

/** Waits between retries; a seam so tests need not sleep. Implementations are interruptible. */
@FunctionalInterface
public interface Pause {

    Pause SLEEP = delay -> Thread.sleep(delay.toMillis());

    void pause(Duration delay) throws InterruptedException;
}
