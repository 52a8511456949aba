package io.sluice.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The API keys the server accepts, known only by their SHA-256 digests: write keys (each naming
 * the source its events are attributed to), read keys (query, stats and dead-letter routes) and
 * admin keys (operator actions such as replay; an admin key reads too).
 * A presented key is digested once and compared with every configured digest in constant time
 * ({@link MessageDigest#isEqual}), and the loop never stops early, so the answer's timing tells
 * nothing about which digest came close. An unsalted digest is enough because keys are random
 * (at least 128 bits, see {@code hash-key}); it is not a password store. Immutable and thread-safe.
 */
public final class ApiKeys {

    /** A write key: events sent with it are attributed to {@code source}. */
    public record WriteKey(String source, String sha256Hex) {
        public WriteKey {
            Objects.requireNonNull(source, "source");
            if (source.isEmpty() || source.length() > 100) {
                throw new IllegalArgumentException("a write key's source has 1 to 100 characters");
            }
            sha256Hex = checkedDigest(sha256Hex);
        }
    }

    /** A read key, named for the log and the operator (not the client). */
    public record ReadKey(String name, String sha256Hex) {
        public ReadKey {
            Objects.requireNonNull(name, "name");
            sha256Hex = checkedDigest(sha256Hex);
        }
    }

    /** An admin (operator) key: replays dead letters, and reads. Named for the log and the operator. */
    public record AdminKey(String name, String sha256Hex) {
        public AdminKey {
            Objects.requireNonNull(name, "name");
            sha256Hex = checkedDigest(sha256Hex);
        }
    }

    private final List<WriteKey> writeKeys;
    private final byte[][] writeDigests;
    private final byte[][] readDigests;
    private final byte[][] adminDigests;

    public ApiKeys(List<WriteKey> writeKeys, List<ReadKey> readKeys) {
        this(writeKeys, readKeys, List.of());
    }

    public ApiKeys(List<WriteKey> writeKeys, List<ReadKey> readKeys, List<AdminKey> adminKeys) {
        this.writeKeys = List.copyOf(writeKeys);
        this.writeDigests = this.writeKeys.stream().map(k -> HexFormat.of().parseHex(k.sha256Hex())).toArray(byte[][]::new);
        this.readDigests = List.copyOf(readKeys).stream().map(k -> HexFormat.of().parseHex(k.sha256Hex())).toArray(byte[][]::new);
        this.adminDigests = List.copyOf(adminKeys).stream().map(k -> HexFormat.of().parseHex(k.sha256Hex())).toArray(byte[][]::new);
    }

    /** The lower-case hex SHA-256 of a key as the client sends it (UTF-8); what the configuration stores. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    public boolean hasReadKeys() {
        return readDigests.length > 0;
    }

    public boolean hasWriteKeys() {
        return writeDigests.length > 0;
    }

    /** The source of the write key {@code presented}, or {@code null} when it is none. */
    String writeSource(String presented) {
        int match = matching(writeDigests, digest(presented));
        return match < 0 ? null : writeKeys.get(match).source();
    }

    public boolean hasAdminKeys() {
        return adminDigests.length > 0;
    }

    /** Whether {@code presented} may read: a read key or an admin key. */
    public boolean readable(String presented) {
        byte[] digest = digest(presented);
        // Both lists are compared, whatever matched first, so the timing tells nothing.
        boolean read = matching(readDigests, digest) >= 0;
        boolean admin = matching(adminDigests, digest) >= 0;
        return read | admin;
    }

    /** Whether {@code presented} is an admin key. */
    public boolean admin(String presented) {
        return matching(adminDigests, digest(presented)) >= 0;
    }

    private static int matching(byte[][] digests, byte[] presented) {
        int match = -1;
        for (int i = 0; i < digests.length; i++) {
            // No early exit: every digest is compared, whatever matched.
            if (MessageDigest.isEqual(digests[i], presented) && match < 0) {
                match = i;
            }
        }
        return match;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(impossible);
        }
    }

    private static String checkedDigest(String hex) {
        Objects.requireNonNull(hex, "sha256Hex");
        String lower = hex.trim().toLowerCase(Locale.ROOT);
        if (lower.length() != 64 || !lower.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a key digest is 64 hex digits (SHA-256; java -jar sluice.jar hash-key <key>)");
        }
        return lower;
    }
}
