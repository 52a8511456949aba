package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    @TempDir
    Path directory;

    @Test
    void aSecondHolderIsRefusedWithTheFirstOnesPidAndMayTakeItOnceReleased() throws Exception {
        Path file = directory.resolve("dir.lock");
        long pid = ProcessHandle.current().pid();
        try (DirectoryLock first = DirectoryLock.acquire(file, holder -> "in use" + holder)) {
            assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(pid));
            assertThatThrownBy(() -> DirectoryLock.acquire(file, holder -> "in use" + holder))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("in use (pid " + pid + ")");
        }
        try (DirectoryLock again = DirectoryLock.acquire(file, holder -> "in use" + holder)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        DirectoryLock lock = DirectoryLock.acquire(directory.resolve("dir.lock"), holder -> "in use" + holder);
        lock.close();
        lock.close();
    }
}
