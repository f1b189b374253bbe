package dev.seatbooking.cache;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CachePropertiesTest {

    @Test
    void aPendingHoldMustLiveAtLeastOneSecond() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CacheProperties(Duration.ofMillis(999), Duration.ofSeconds(5),
                        Duration.ofSeconds(30)))
                .withMessageContaining("pending-hold-ttl");
    }

    @Test
    void reconciliationPassesNeedAPauseBetweenThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CacheProperties(Duration.ofHours(1), Duration.ofSeconds(5), Duration.ZERO))
                .withMessageContaining("reconcile-interval");
    }
}
