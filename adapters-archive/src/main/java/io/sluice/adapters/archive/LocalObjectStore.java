package io.sluice.adapters.archive;

import io.sluice.application.port.out.ArchiveUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory. A put is written beside its target, forced to disk and
 * renamed over it, so a crash leaves the old object or the new one, never a torn file.
 */
final class LocalObjectStore implements ObjectStore {

    private final Path root;

    LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, Path file) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path aside = target.resolveSibling("." + target.getFileName() + ".partial");
            Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
            force(aside);
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(target.getParent());
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not write " + target + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public void putBytes(String key, byte[] bytes) {
        try {
            Path temp = Files.createTempFile("sluice-object", ".tmp");
            try {
                Files.write(temp, bytes);
                put(key, temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not write " + key + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public void get(String key, Path target) {
        try {
            Files.copy(resolve(key), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not read " + resolve(key) + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public Optional<byte[]> getBytes(String key) {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not read " + resolve(key) + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public List<String> list(String prefix) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix) && !key.substring(key.lastIndexOf('/') + 1).startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not list " + root + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("an archive key stays under the root: " + key);
        }
        return path;
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path)
                ? new StandardOpenOption[] {StandardOpenOption.READ} : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
            channel.force(true);
        }
    }
}
