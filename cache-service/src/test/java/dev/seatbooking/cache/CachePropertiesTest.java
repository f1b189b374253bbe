package dev.seatbooking.cache;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CachePropertiesTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aPendingHoldMustLiveAtLeastOneSecond() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CacheProperties(Duration.ofMillis(999), HOUR, Duration.ofSeconds(5), MINUTE))
                .withMessageContaining("pending-hold-ttl");
    }

    @Test
    void aQueuedHoldMustLiveAtLeastOneSecond() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CacheProperties(MINUTE, Duration.ZERO, Duration.ofSeconds(5), MINUTE))
                .withMessageContaining("queued-hold-ttl");
    }

    @Test
    void theRebuildWaitMustBeSet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CacheProperties(MINUTE, HOUR, null, MINUTE))
                .withMessageContaining("rebuild-lock-wait");
    }

    @Test
    void reconciliationPassesNeedAPauseBetweenThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CacheProperties(MINUTE, HOUR, Duration.ofSeconds(5), Duration.ZERO))
                .withMessageContaining("reconcile-interval");
    }
}
