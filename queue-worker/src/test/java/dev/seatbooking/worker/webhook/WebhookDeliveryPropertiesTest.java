package dev.seatbooking.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WebhookDeliveryPropertiesTest {

    private static WebhookDeliveryProperties settings(int concurrency, Duration lease, Duration initial, Duration max,
            DataSize maxResponse) {
        return new WebhookDeliveryProperties(concurrency, Duration.ofMillis(200), lease, Duration.ofSeconds(3),
                Duration.ofSeconds(10), maxResponse, initial, max, Duration.ofHours(24), 10, Duration.ofDays(7));
    }

    private static WebhookDeliveryProperties settings(Duration initial, Duration max) {
        return settings(8, Duration.ofMinutes(1), initial, max, DataSize.ofKilobytes(64));
    }

    @Test
    void theBackOffDoublesUpToTheMaximum() {
        WebhookDeliveryProperties settings = settings(Duration.ofSeconds(5), Duration.ofMinutes(15));

        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoff(8)).isEqualTo(Duration.ofSeconds(640));
        assertThat(settings.backoff(9)).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.backoff(400)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void everyBackOffHasItsRetryQueue() {
        assertThat(settings(Duration.ofSeconds(5), Duration.ofMinutes(15)).backoffs()).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofSeconds(320), Duration.ofSeconds(640),
                Duration.ofMinutes(15));
        assertThat(settings(Duration.ofSeconds(1), Duration.ofSeconds(1)).backoffs()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void settingsThatCannotWorkStopTheStart() {
        assertThatThrownBy(() -> settings(0, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(15),
                DataSize.ofKilobytes(64))).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> settings(Duration.ofMinutes(15), Duration.ofSeconds(5)))
                .hasMessageContaining("retry-max-backoff");
        assertThatThrownBy(() -> settings(Duration.ZERO, Duration.ofSeconds(5))).hasMessageContaining("positive");
        assertThatThrownBy(() -> settings(8, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(15),
                DataSize.ofBytes(0))).hasMessageContaining("max-response-size");
        assertThatThrownBy(() -> new WebhookDeliveryProperties(8, Duration.ofMillis(200), Duration.ofMinutes(1),
                Duration.ofSeconds(3), Duration.ofSeconds(10), DataSize.ofKilobytes(64), Duration.ofSeconds(5),
                Duration.ofMinutes(15), Duration.ofHours(24), 0, Duration.ofDays(7)))
                .hasMessageContaining("pause-after-failures");
        // an attempt (3 s + 10 s) could outlast a lease of 20 s and be made twice at once
        assertThatThrownBy(() -> settings(8, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMinutes(15),
                DataSize.ofKilobytes(64))).hasMessageContaining("lease");
    }
}
