package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountedUsersTest {

    private static final CountedUsers.Bucket MINUTE_1 = new CountedUsers.Bucket("minute", "2025-01-01T10:01:00Z", "click");
    private static final CountedUsers.Bucket MINUTE_2 = new CountedUsers.Bucket("minute", "2025-01-01T10:02:00Z", "click");
    private static final CountedUsers.Bucket HOUR = new CountedUsers.Bucket("hour", "2025-01-01T10:00:00Z", "click");

    @Test
    void remembersCommittedUsersPerBucket() {
        CountedUsers counted = new CountedUsers(10);

        counted.committed(List.of(new CountedUsers.Row(MINUTE_1, "u1"), new CountedUsers.Row(HOUR, "u1"), new CountedUsers.Row(HOUR, "u1")));

        assertThat(counted.unknown(MINUTE_1, List.of("u1"))).isEmpty();
        assertThat(counted.unknown(HOUR, List.of("u1"))).isEmpty();
        assertThat(counted.unknown(MINUTE_2, List.of("u1"))).containsExactly("u1");
        assertThat(counted.unknown(MINUTE_1, List.of("u2"))).containsExactly("u2");
        assertThat(counted.size()).isEqualTo(2);
    }

    @Test
    void forgetsWholeBucketsLeastRecentlyUsedFirstPastItsCapacity() {
        CountedUsers counted = new CountedUsers(4);
        counted.committed(List.of(new CountedUsers.Row(HOUR, "u1"), new CountedUsers.Row(HOUR, "u2")));
        counted.committed(List.of(new CountedUsers.Row(MINUTE_1, "u1"), new CountedUsers.Row(MINUTE_1, "u2")));
        assertThat(counted.unknown(HOUR, List.of("u1"))).isEmpty(); // the hour is now the most recently used

        counted.committed(List.of(new CountedUsers.Row(MINUTE_2, "u1")));

        assertThat(counted.unknown(MINUTE_1, List.of("u1"))).containsExactly("u1");
        assertThat(counted.unknown(MINUTE_1, List.of("u2"))).containsExactly("u2");
        assertThat(counted.unknown(HOUR, List.of("u2"))).isEmpty();
        assertThat(counted.unknown(MINUTE_2, List.of("u1"))).isEmpty();
        assertThat(counted.size()).isEqualTo(3);
    }

    @Test
    void answersTheUnknownUsersOfABucketInTheirOrder() {
        CountedUsers counted = new CountedUsers(10);
        counted.committed(List.of(new CountedUsers.Row(HOUR, "u2")));

        assertThat(counted.unknown(HOUR, List.of("u3", "u2", "u1"))).containsExactly("u3", "u1");
        assertThat(counted.unknown(MINUTE_1, List.of("u3", "u2"))).containsExactly("u3", "u2");
    }

    @Test
    void aZeroCapacityRemembersNothing() {
        CountedUsers counted = new CountedUsers(0);
        counted.committed(List.of(new CountedUsers.Row(HOUR, "u1")));
        assertThat(counted.unknown(HOUR, List.of("u1"))).containsExactly("u1");
        assertThat(counted.size()).isZero();
    }
}
