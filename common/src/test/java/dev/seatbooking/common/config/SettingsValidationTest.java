package dev.seatbooking.common.config;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.seatbooking.common.messaging.MessagingProperties.QueueType;
import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.common.redis.RedisClientProperties;
import dev.seatbooking.common.security.SecurityMode;
import dev.seatbooking.common.security.SecurityProperties;
import org.junit.jupiter.api.Test;

/** The shared settings refuse to start with a value the services cannot run with, naming the setting. */
class SettingsValidationTest {

    @Test
    void messagingNeedsAPrefixAndAQueueType() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MessagingProperties(" ", QueueType.CLASSIC))
                .withMessageContaining("booking.messaging");
        assertThatIllegalArgumentException().isThrownBy(() -> new MessagingProperties(null, QueueType.CLASSIC));
        assertThatIllegalArgumentException().isThrownBy(() -> new MessagingProperties("booking", null));
    }

    @Test
    void theRedisClientNeedsThreadsAndAPoolThatHoldsItsIdleConnections() {
        assertThatNoException().isThrownBy(() -> new RedisClientProperties(4, 32, 8));
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisClientProperties(0, 32, 8))
                .withMessageContaining("booking.redis-client");
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisClientProperties(4, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisClientProperties(4, 32, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisClientProperties(4, 8, 9));
    }

    @Test
    void securityNeedsAMode() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SecurityProperties(null, null))
                .withMessageContaining("SECURITY_MODE");
        assertThatNoException().isThrownBy(() -> new SecurityProperties(SecurityMode.NONE, ""));
    }
}
