package io.sluice.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read whole, but never more than a limit: the first {@link #length()} bytes of
 * {@link #bytes()}. The array is not copied to its exact size, to save a copy per request, so
 * readers must respect the length. Not copied defensively: owned by the one request thread that
 * read it.
 */
final class RequestBody {

    /** The first buffer when the client declared no length; grows by doubling up to the limit. */
    private static final int INITIAL_CHUNK = 16 * 1024;
    /**
     * How much of a refused body is read and discarded so the client sees the 413 (Tomcat's
     * {@code maxSwallowSize} default is the same 2 MiB).
     */
    static final int MAX_SWALLOW_BYTES = 2 * 1024 * 1024;

    private final byte[] bytes;
    private final int length;

    private RequestBody(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    static RequestBody of(byte[] bytes) {
        return new RequestBody(bytes, bytes.length);
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /**
     * Reads a body of at most {@code maxBytes}, buffering at most {@code maxBytes + 1} bytes: the
     * extra byte is how an over-long body without {@code Content-Length} is recognised.
     * <p>
     * A refused body is answered 413 at once, but a client that is still sending when the server
     * answers and closes gets a connection reset instead of the answer (measured with the JDK
     * client against Jetty 12). So the rest of a refused body is read and discarded, never
     * buffered, when it is at most {@link #MAX_SWALLOW_BYTES} long. A client that sent
     * {@code Expect: 100-continue} is waiting for permission to send: nothing is read, so it never
     * sends the body.
     *
     * @param in            the body stream; not closed (the container owns it)
     * @param contentLength the {@code Content-Length} header, or {@code null}; a declared length over the
     *                      limit is refused before a byte is buffered
     * @param expect        the {@code Expect} header, or {@code null}
     * @throws HttpProblem 413 when the body is too large, 400 when it cannot be read
     */
    static RequestBody read(InputStream in, String contentLength, String expect, int maxBytes) {
        long declared = declaredLength(contentLength);
        if (declared > maxBytes) {
            if (declared - maxBytes <= MAX_SWALLOW_BYTES && !"100-continue".equalsIgnoreCase(expect)) {
                swallowQuietly(in);
            }
            throw HttpProblem.bodyTooLarge(maxBytes);
        }
        int cap = maxBytes + 1;
        // One byte more than declared, so that the end of the stream is seen without growing.
        byte[] buffer = new byte[declared >= 0 ? (int) Math.min(declared + 1, cap) : Math.min(INITIAL_CHUNK, cap)];
        int length = 0;
        try {
            while (true) {
                if (length == buffer.length) {
                    if (length >= cap) {
                        swallowQuietly(in);
                        throw HttpProblem.bodyTooLarge(maxBytes);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, cap));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (HttpProblem refused) {
            throw refused;
        } catch (IOException | RuntimeException broken) {
            throw unreadable(broken);
        }
        if (length > maxBytes) {
            throw HttpProblem.bodyTooLarge(maxBytes);
        }
        return new RequestBody(buffer, length);
    }

    /**
     * A body stream that failed: cut by the idle timeout, or by the container's minimum data rate
     * (Jetty throws its {@code BadMessageException(408)}, a {@code RuntimeException}, from the
     * stream), or a client that went away. Either way the body is incomplete: 400
     * {@code unreadable_body}, never a 500.
     */
    static HttpProblem unreadable(Exception broken) {
        return HttpProblem.unreadableBody(broken.getMessage() == null ? broken.getClass().getSimpleName() : broken.getMessage());
    }

    /**
     * Reads and discards the rest of a refused body, up to {@link #MAX_SWALLOW_BYTES}, in one small
     * buffer. A broken stream ends it: the answer is 413 either way.
     */
    static void swallowQuietly(InputStream in) {
        byte[] discard = new byte[8192];
        long swallowed = 0;
        try {
            int read;
            while (swallowed < MAX_SWALLOW_BYTES
                    && (read = in.read(discard, 0, (int) Math.min(discard.length, MAX_SWALLOW_BYTES - swallowed))) >= 0) {
                swallowed += read;
            }
        } catch (IOException | RuntimeException gone) {
            // the client went away or was too slow; the answer is the refusal either way
        }
    }

    private static long declaredLength(String header) {
        if (header == null || header.isEmpty()) {
            return -1;
        }
        try {
            long declared = Long.parseLong(header.trim());
            return declared < 0 ? -1 : declared;
        } catch (NumberFormatException notANumber) {
            // The container rejects a broken Content-Length before we run; if one gets here, read by the stream alone.
            return -1;
        }
    }
}
