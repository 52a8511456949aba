package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void reads_a_body_without_declared_length_across_many_buffer_growths() {
        byte[] sent = new byte[100_000];
        new Random(1).nextBytes(sent);

        RequestBody body = RequestBody.read(new TrickleStream(sent), null, null, 1_000_000);

        assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(sent);
    }

    /**
     * Issue 14 item 10: Jetty cuts a body sent below {@code minRequestDataPerSecond} by throwing its
     * {@code BadMessageException(408)}, a RuntimeException, from the stream; it surfaced as a 500.
     */
    @Test
    void a_body_the_container_cuts_with_a_runtime_exception_is_a_400_unreadable_body_not_a_500() {
        InputStream tooSlow = new InputStream() {
            private boolean sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (!sent) {
                    sent = true;
                    b[off] = '{';
                    return 1;
                }
                throw new IllegalStateException("408: Request content data rate < 1024 B/s");
            }
        };

        assertThatThrownBy(() -> RequestBody.read(tooSlow, "1000", null, 1_000_000))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.body()).containsEntry("error", "unreadable_body");
                    assertThat(String.valueOf(problem.body().get("message"))).contains("data rate");
                });
    }

    @Test
    void reads_a_body_of_declared_length_into_one_buffer() {
        byte[] sent = new byte[5000];
        new Random(2).nextBytes(sent);

        RequestBody body = RequestBody.read(new ByteArrayInputStream(sent), "5000", null, 5000);

        assertThat(body.length()).isEqualTo(5000);
        assertThat(body.bytes()).hasSize(5001);
        assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(sent);
    }

    @Test
    void buffers_no_more_than_the_limit_and_one_byte_and_swallows_a_bounded_rest() {
        EndlessStream endless = new EndlessStream();

        assertThatThrownBy(() -> RequestBody.read(endless, null, null, 100_000))
                .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(413));
        assertThat(endless.served).isEqualTo(100_001 + RequestBody.MAX_SWALLOW_BYTES);
        assertThat(endless.largestRead).isLessThanOrEqualTo(100_001);
    }

    @Test
    void refuses_a_declared_length_over_the_limit_without_buffering_and_swallows_it_when_short() {
        CountingStream declaredBody = new CountingStream(new byte[150_000]);

        assertThatThrownBy(() -> RequestBody.read(declaredBody, "150000", null, 100_000))
                .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.code()).isEqualTo("body_too_large"));
        assertThat(declaredBody.served).isEqualTo(150_000);
        assertThat(declaredBody.largestRead).isLessThanOrEqualTo(8192);
    }

    @Test
    void reads_nothing_of_a_too_large_body_when_the_client_awaits_continue_or_it_is_far_too_large() {
        CountingStream waiting = new CountingStream(new byte[150_000]);
        assertThatThrownBy(() -> RequestBody.read(waiting, "150000", "100-Continue", 100_000)).isInstanceOf(HttpProblem.class);
        assertThat(waiting.served).isZero();

        EndlessStream huge = new EndlessStream();
        assertThatThrownBy(() -> RequestBody.read(huge, String.valueOf(100_001L + RequestBody.MAX_SWALLOW_BYTES), null, 100_000))
                .isInstanceOf(HttpProblem.class);
        assertThat(huge.served).isZero();
    }

    @Test
    void accepts_an_empty_body() {
        assertThat(RequestBody.read(new ByteArrayInputStream(new byte[0]), "0", null, 10).length()).isZero();
        assertThat(RequestBody.read(new ByteArrayInputStream(new byte[0]), null, null, 10).length()).isZero();
    }

    @Test
    void turns_a_broken_connection_into_a_400() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Early EOF");
            }
        };

        assertThatThrownBy(() -> RequestBody.read(broken, null, null, 10))
                .isInstanceOfSatisfying(HttpProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.getMessage()).contains("Early EOF");
                });
    }

    /** Serves at most 1000 bytes per read, as a network stream does. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1000));
        }
    }

    /** Counts what it served and the largest read it was asked for. */
    private static final class CountingStream extends ByteArrayInputStream {
        long served;
        int largestRead;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            largestRead = Math.max(largestRead, len);
            int read = super.read(b, off, len);
            served += Math.max(read, 0);
            return read;
        }
    }

    /** Never ends; counts what it served and the largest read it was asked for. */
    private static final class EndlessStream extends InputStream {
        long served;
        int largestRead;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            largestRead = Math.max(largestRead, len);
            return len;
        }
    }
}
