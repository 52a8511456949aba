package io.sluice.domain.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes or redacts configured personal-data fields of an incoming document, so that they never
 * reach the buffer, the store or the dead-letter store in clear. A rule on {@code properties.x}
 * also covers {@code event_data.x}, its synonym. Documents are JSON objects in JDK types; the
 * input is never modified: a changed document is a copy. Thread-safe (a {@code Mac} per call).
 */
public final class PiiPolicy {

    public static final String REDACTED = "[redacted]";
    public static final String HASH_PREFIX = "hmac-sha256:";
    public static final PiiPolicy NONE = new PiiPolicy(List.of(), new byte[0]);

    private final List<PiiRule> rules;
    private final byte[] key;

    private PiiPolicy(List<PiiRule> rules, byte[] key) {
        this.rules = rules;
        this.key = key;
    }

    /**
     * @param rules the fields to protect
     * @param key   the HMAC key for {@link PiiAction#HASH}; at least 16 bytes when any rule hashes
     */
    public static PiiPolicy of(List<PiiRule> rules, byte[] key) {
        List<PiiRule> expanded = new ArrayList<>();
        for (PiiRule rule : rules) {
            expanded.add(rule);
            // event_data is accepted as a synonym of properties: protect both spellings.
            if (rule.path().size() > 1 && rule.path().get(0).equals("properties")) {
                List<String> synonym = new ArrayList<>(rule.path());
                synonym.set(0, "event_data");
                expanded.add(new PiiRule(synonym, rule.action()));
            }
        }
        if (expanded.stream().anyMatch(r -> r.action() == PiiAction.HASH) && key.length < 16) {
            throw new IllegalArgumentException("hashing personal data needs a key of at least 16 bytes");
        }
        return new PiiPolicy(List.copyOf(expanded), key.clone());
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Applies every rule.
     *
     * @return the same instance when no rule matched, else a copy with the matched fields replaced
     */
    public Map<String, Object> apply(Map<String, Object> document) {
        Map<String, Object> result = document;
        for (PiiRule rule : rules) {
            result = apply(result, rule.path(), 0, rule.action());
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> apply(Map<String, Object> node, List<String> path, int depth, PiiAction action) {
        String field = path.get(depth);
        if (!node.containsKey(field)) {
            return node;
        }
        Object value = node.get(field);
        Object replaced;
        if (depth == path.size() - 1) {
            if (value == null) {
                return node;
            }
            replaced = protect(value, action);
        } else if (value instanceof Map<?, ?> child) {
            Map<String, Object> changed = apply((Map<String, Object>) child, path, depth + 1, action);
            if (changed == child) {
                return node;
            }
            replaced = changed;
        } else {
            return node;
        }
        Map<String, Object> copy = new LinkedHashMap<>(node);
        copy.put(field, replaced);
        return copy;
    }

    private String protect(Object value, PiiAction action) {
        if (action == PiiAction.REDACT) {
            return REDACTED;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException missingFromTheJdk) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", missingFromTheJdk);
        }
    }
}
