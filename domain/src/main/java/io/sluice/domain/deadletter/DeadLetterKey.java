package io.sluice.domain.deadletter;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What makes two dead letters the same one: the buffer record they set aside. A batch read twice (after a Kafka rebalance,
 * or a rewind after a failed store) sets the same records aside again; with the same key they are
 * stored once. Immutable and thread-safe.
 *
 * @param value 1 to 500 characters, the same on every read of the same record
 */
public record DeadLetterKey(String value) {

    public static final int MAX_LENGTH = 500;

    public DeadLetterKey {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a dead-letter key is 1 to " + MAX_LENGTH + " characters");
        }
    }

    /**
     * The key of what the buffer record at {@code position} sets aside. The position is unique per
     * record and the same on every read; the digest of the record's bytes keeps a recreated topic,
     * whose offsets start again at 0, from passing for the records of the one before.
     */
    public static DeadLetterKey atBufferPosition(String position, byte[] recordBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(recordBytes);
            return new DeadLetterKey("buffer:" + position + "#" + HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }
}
