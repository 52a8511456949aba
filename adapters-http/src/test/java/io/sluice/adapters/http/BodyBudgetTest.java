package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Room for request bodies: reserved whole or not at all, given back exactly. */
class BodyBudgetTest {

    @Test
    void reservations_never_pass_the_capacity_and_come_back_when_released() {
        BodyBudget budget = new BodyBudget(3 * 1024 * 1024, 1024 * 1024);
        assertThat(budget.tryReserve(1024 * 1024)).isTrue();
        assertThat(budget.tryReserve(2 * 1024 * 1024)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.reserved()).isEqualTo(3 * 1024 * 1024);
    }
}
