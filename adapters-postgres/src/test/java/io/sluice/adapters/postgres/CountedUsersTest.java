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

        assertThat(counted.contains(MINUTE_1, "u1")).isTrue();
        assertThat(counted.contains(HOUR, "u1")).isTrue();
        assertThat(counted.contains(MINUTE_2, "u1")).isFalse();
        assertThat(counted.contains(MINUTE_1, "u2")).isFalse();
        assertThat(counted.size()).isEqualTo(2);
    }

    @Test
    void forgetsWholeBucketsLeastRecentlyUsedFirstPastItsCapacity() {
        CountedUsers counted = new CountedUsers(4);
        counted.committed(List.of(new CountedUsers.Row(HOUR, "u1"), new CountedUsers.Row(HOUR, "u2")));
        counted.committed(List.of(new CountedUsers.Row(MINUTE_1, "u1"), new CountedUsers.Row(MINUTE_1, "u2")));
        assertThat(counted.contains(HOUR, "u1")).isTrue(); // the hour is now the most recently used

        counted.committed(List.of(new CountedUsers.Row(MINUTE_2, "u1")));

        assertThat(counted.contains(MINUTE_1, "u1")).isFalse();
        assertThat(counted.contains(MINUTE_1, "u2")).isFalse();
        assertThat(counted.contains(HOUR, "u2")).isTrue();
        assertThat(counted.contains(MINUTE_2, "u1")).isTrue();
        assertThat(counted.size()).isEqualTo(3);
    }

    @Test
    void aZeroCapacityRemembersNothing() {
        CountedUsers counted = new CountedUsers(0);
        counted.committed(List.of(new CountedUsers.Row(HOUR, "u1")));
        assertThat(counted.contains(HOUR, "u1")).isFalse();
        assertThat(counted.size()).isZero();
    }
}
