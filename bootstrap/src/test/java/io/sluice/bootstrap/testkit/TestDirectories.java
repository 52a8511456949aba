package io.sluice.bootstrap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A test's own temporary directories (data directories, logs), and their removal. Stateless. */
public final class TestDirectories {

    private TestDirectories() {
    }

    /** A new temporary directory; unchecked, so that it can initialise a static field. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Removes {@code root} and all below it; nothing when it is null or gone. */
    public static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
