package io.sluice.adapters.archive;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where archive objects live: a directory or an S3 bucket. Every put is atomic (a reader sees the
 * whole object or none) and replaces an object of the same key.
 */
interface ObjectStore {

    void put(String key, Path file);

    void putBytes(String key, byte[] bytes);

    /** Copies the object to {@code target}; fails when it does not exist. */
    void get(String key, Path target);

    Optional<byte[]> getBytes(String key);

    /** Keys starting with the prefix. */
    List<String> list(String prefix);

    /** Where this store is, for messages. */
    String describe();
}
