package dev.seatbooking.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.seatbooking.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pause of a failing subscription, step by step against PostgreSQL. The deliveries here are
 * written with the relay's turn an hour away, so that the running worker's relay leaves them to the
 * test until a step makes them due.
 */
class SubscriptionPauseTest extends WorkerIntegrationTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final int PAUSE_AFTER = 3;

    @Autowired
    private WebhookDeliveries deliveries;

    private final UUID subscription = UUID.randomUUID();

    @BeforeEach
    void subscribe() {
        jdbc.update("INSERT INTO webhook_subscriptions (id, url, event_types, secret) "
                + "VALUES (?, 'http://127.0.0.1:9/hooks', ARRAY['booking.confirmed'], 'whsec_test')", subscription);
    }

    @AfterEach
    void cancelWhatIsLeft() {
        jdbc.update("UPDATE webhook_deliveries SET status = 'CANCELLED', finished_at = now() "
                + "WHERE subscription_id = ? AND status = 'PENDING'", subscription);
    }

    @Test
    void aPausedSubscriptionsDeliveriesWaitUnattemptedForThePausesEnd() {
        long delivery = newDelivery("booking:1", Duration.ZERO);
        failInARow(PAUSE_AFTER);
        deliveries.pause(subscription, Duration.ofMinutes(10));

        assertThat(deliveries.claim(delivery, LEASE, PAUSE_AFTER)).isEmpty();
        assertThat(deliveries.postpone(delivery, Duration.ofHours(24), false)).contains("PENDING");

        Map<String, Object> row = row(delivery);
        assertThat(row.get("attempts")).isEqualTo(0);
        assertThat(row.get("attempt_until")).isNull();
        assertThat(row.get("next_attempt_at")).isEqualTo(pausedUntil());
        assertThat(row.get("relay_after")).as("the relay wakes it, no message waits for it").isEqualTo(pausedUntil());
    }

    @Test
    void whenThePauseEndsOneAttemptIsTheProbeAndTheOthersWaitForIt() {
        long first = newDelivery("booking:1", Duration.ZERO);
        long second = newDelivery("booking:2", Duration.ZERO);
        failInARow(PAUSE_AFTER);
        deliveries.pause(subscription, Duration.ZERO);

        WebhookDeliveries.Attempt probe = deliveries.claim(first, LEASE, PAUSE_AFTER).orElseThrow();
        WebhookDeliveries.Attempt other = deliveries.claim(second, LEASE, PAUSE_AFTER).orElseThrow();
        assertThat(probe.subscriptionFailing()).isTrue();
        assertThat(deliveries.takeProbe(subscription, LEASE)).isTrue();
        assertThat(deliveries.takeProbe(subscription, LEASE)).as("the pause is taken again by the probe").isFalse();

        assertThat(other.subscriptionFailing()).isTrue();
        assertThat(deliveries.postpone(second, Duration.ofHours(24), true)).contains("PENDING");
        assertThat(row(second).get("attempt_until")).as("its claim ended").isNull();
        assertThat(row(second).get("next_attempt_at")).as("after the probe's lease").isEqualTo(pausedUntil());
        // a duplicate message of the probe's delivery neither attempts it nor takes its claim
        assertThat(deliveries.claim(first, LEASE, PAUSE_AFTER)).isEmpty();
        assertThat(deliveries.postpone(first, Duration.ofHours(24), false)).isEmpty();
        assertThat(row(first).get("attempt_until")).isNotNull();
    }

    @Test
    void aTwoHundredEndsThePauseAndMakesEveryWaitingDeliveryDue() {
        long probe = newDelivery("booking:1", Duration.ZERO);
        long waiting = newDelivery("booking:2", Duration.ZERO);
        long later = newDelivery("booking:1", Duration.ZERO); // waits for the probe, the same booking's
        failInARow(PAUSE_AFTER);
        deliveries.pause(subscription, Duration.ofMinutes(10));
        assertThat(deliveries.postpone(waiting, Duration.ofHours(24), false)).contains("PENDING");
        jdbc.update("UPDATE webhook_subscriptions SET paused_until = now() WHERE id = ?", subscription);
        deliveries.claim(probe, LEASE, PAUSE_AFTER).orElseThrow();
        assertThat(deliveries.takeProbe(subscription, LEASE)).isTrue();

        deliveries.finish(probe, true, 204, null);
        assertThat(deliveries.succeeded(subscription)).as("both left, the probe's successor too").isEqualTo(2);
        assertThat(jdbc.queryForMap("SELECT consecutive_failures, paused_until FROM webhook_subscriptions WHERE id = ?",
                subscription)).containsEntry("consecutive_failures", 0).containsEntry("paused_until", null);
        assertThat(deliveries.succeeded(subscription)).as("a healthy subscription's row is not written").isZero();
    }

    @Test
    void aDeliveryPausedPastItsRetriesIsFailedUnattempted() {
        long delivery = newDelivery("booking:1", Duration.ofHours(25));
        failInARow(PAUSE_AFTER);
        deliveries.pause(subscription, Duration.ofMinutes(10));

        assertThat(deliveries.postpone(delivery, Duration.ofHours(24), false)).contains("FAILED");
        assertThat(row(delivery)).containsEntry("status", "FAILED").containsEntry("attempts", 0);
        assertThat((String) row(delivery).get("last_error")).contains("paused");
    }

    @Test
    void failuresBelowTheLimitDoNotPauseAndASuccessStartsTheCountAgain() {
        failInARow(PAUSE_AFTER - 1);
        long delivery = newDelivery("booking:1", Duration.ZERO);
        assertThat(deliveries.claim(delivery, LEASE, PAUSE_AFTER).orElseThrow().subscriptionFailing()).isFalse();
        deliveries.finish(delivery, true, 200, null);
        deliveries.succeeded(subscription);
        assertThat(deliveries.failed(subscription)).isEqualTo(1);
    }

    private void failInARow(int times) {
        for (int i = 0; i < times; i++) {
            deliveries.failed(subscription);
        }
    }

    /** A delivery written {@code ago}, due now, whose relay is an hour away. */
    private long newDelivery(String orderingKey, Duration ago) {
        UUID message = jdbc.queryForObject("INSERT INTO webhook_messages (type, ordering_key, data) "
                + "VALUES ('booking.confirmed', ?, '{}') RETURNING id", UUID.class, orderingKey);
        return jdbc.queryForObject("""
                INSERT INTO webhook_deliveries (subscription_id, message_id, ordering_key, relay_after, created_at)
                VALUES (?, ?, ?, now() + interval '1 hour', now() - ? * interval '1 millisecond') RETURNING id""",
                Long.class, subscription, message, orderingKey, ago.toMillis());
    }

    private Map<String, Object> row(long delivery) {
        return jdbc.queryForMap("SELECT * FROM webhook_deliveries WHERE id = ?", delivery);
    }

    private Object pausedUntil() {
        return jdbc.queryForObject("SELECT paused_until FROM webhook_subscriptions WHERE id = ?", Object.class,
                subscription);
    }
}
