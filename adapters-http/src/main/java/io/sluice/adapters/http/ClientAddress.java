package io.sluice.adapters.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides which address a request comes from, for per-client rate limits. The connection's peer
 * is the client unless it is a trusted proxy; then {@code X-Forwarded-For} is read from the right,
 * skipping trusted proxies, and the first other address is the client (the left part of the header
 * is whatever the client wrote, so it is never believed). Only address literals and CIDR blocks
 * are configured, so nothing here resolves a name. Immutable and thread-safe.
 */
final class ClientAddress {

    /** A block of addresses: a network address and a prefix length. */
    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> trusted;

    ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(ClientAddress::checkedBlock).toList();
    }

    /**
     * @param peer          the connection's remote address ({@code null} when the container gives none)
     * @param forwardedFor  the {@code X-Forwarded-For} header, or {@code null}
     * @return the client's address as text, {@code "unknown"} when there is none
     */
    String of(String peer, String forwardedFor) {
        if (peer == null || peer.isEmpty()) {
            return "unknown";
        }
        if (forwardedFor == null || forwardedFor.isBlank() || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            if (!trusted(hop) || i == 0) {
                return hop;
            }
        }
        return peer;
    }

    private boolean trusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : trusted) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code 10.0.0.0/8}, {@code 192.168.1.7} or {@code fd00::/8}. */
    static Block checkedBlock(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        byte[] network = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException notANumber) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
            }
        }
        return new Block(network, prefix);
    }

    /** The bytes of an IPv4 or IPv6 literal; {@code null} for anything else (never a DNS lookup). */
    private static byte[] literal(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException notALiteral) {
            return null;
        }
    }
}
