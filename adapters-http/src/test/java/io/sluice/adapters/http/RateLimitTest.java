package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.ObservePipelinePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-address buckets for anonymous callers, the client address behind trusted proxies only, and bounded memory. */
class RateLimitTest {

    private final List<RouteFamily> limitedFamilies = new ArrayList<>();
    private final ObservePipelinePort observe = new ObservePipelinePort() {
        @Override
        public void rateLimited(RouteFamily routeFamily) {
            limitedFamilies.add(routeFamily);
        }
    };

    private Gate gate(int maxClients, List<String> trustedProxies) {
        return new Gate(new HttpAccess(Keys.keys(), false,
                new HttpAccess.RateLimit(true, 1, 3, maxClients, trustedProxies), HttpAccess.Cors.off()), observe);
    }

    @Test
    void an_anonymous_address_over_its_burst_gets_429_and_another_address_does_not() {
        Gate gate = gate(100, List.of());
        for (int i = 0; i < 3; i++) {
            gate.admitWrite(null, "192.0.2.1", RouteFamily.TRACK);
        }
        assertThatThrownBy(() -> gate.admitWrite(null, "192.0.2.1", RouteFamily.TRACK))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(429);
                    assertThat(problem.headers()).containsEntry("Retry-After", "1");
                });
        assertThat(limitedFamilies).containsExactly(RouteFamily.TRACK);
        assertThat(gate.admitWrite(null, "192.0.2.2", RouteFamily.TRACK).name()).isEqualTo("192.0.2.2");
        // A key has its own bucket, whatever address it comes from.
        assertThat(gate.admitWrite(Keys.WRITE_KEY, "192.0.2.1", RouteFamily.TRACK).keyed()).isTrue();
    }

    /** Issue 13, finding 6: four clients with 60k-item bodies filled the backlog within the request budget. */
    @Test
    void items_are_charged_to_an_event_budget_so_large_batches_cannot_outrun_it() {
        Gate gate = new Gate(new HttpAccess(Keys.keys(), false,
                new HttpAccess.RateLimit(true, 1000, 1000, 100, List.of(), 1, 20_000), HttpAccess.Cors.off()), observe);
        Caller client = gate.admitWrite(null, "192.0.2.1", RouteFamily.NATIVE);
        gate.chargeEvents(client, 10_000, RouteFamily.NATIVE);
        gate.chargeEvents(client, 10_000, RouteFamily.NATIVE);
        assertThatThrownBy(() -> gate.chargeEvents(client, 10, RouteFamily.NATIVE)).isInstanceOfSatisfying(HttpProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(429);
            assertThat(problem.headers()).containsKey("Retry-After");
        });
        assertThat(limitedFamilies).containsExactly(RouteFamily.NATIVE);
        // The request budget is untouched, and another client has its own event budget.
        assertThat(gate.admitWrite(null, "192.0.2.1", RouteFamily.NATIVE)).isEqualTo(client);
        gate.chargeEvents(gate.admitWrite(null, "192.0.2.2", RouteFamily.NATIVE), 10_000, RouteFamily.NATIVE);
        assertThatThrownBy(() -> new HttpAccess.RateLimit(true, 1, 1, 1, List.of(), 1, 9_999)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forwarded_for_is_believed_from_trusted_proxies_only() {
        Gate gate = gate(100, List.of("10.0.0.0/8", "fd00::/8"));

        assertThat(gate.clientAddress("10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
        // The client wrote the left part itself; the right-most address a trusted proxy did not add is the client.
        assertThat(gate.clientAddress("10.1.2.3", "1.1.1.1, 203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
        assertThat(gate.clientAddress("fd00::1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(gate.clientAddress("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(gate.clientAddress(null, "203.0.113.9")).isEqualTo("unknown");
        assertThatThrownBy(() -> gate(1, List.of("proxy.example.com"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gate(1, List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forgotten_addresses_start_with_a_full_bucket_so_memory_stays_bounded() {
        Gate gate = gate(16, List.of());
        for (int i = 0; i < 3; i++) {
            gate.admitWrite(null, "198.51.100.1", RouteFamily.NATIVE);
        }
        // Thousands of other addresses push the first out of the bounded map.
        for (int i = 0; i < 5000; i++) {
            gate.admitWrite(null, "203.0.113." + (i % 250) + "-" + i, RouteFamily.NATIVE);
        }
        assertThat(gate.admitWrite(null, "198.51.100.1", RouteFamily.NATIVE).name()).isEqualTo("198.51.100.1");
    }

    @Test
    void the_wait_is_rounded_up_to_whole_seconds() {
        assertThat(RetryAfter.seconds(Duration.ofMillis(10))).isEqualTo(1);
        assertThat(RetryAfter.seconds(Duration.ofMillis(1500))).isEqualTo(2);
    }
}
