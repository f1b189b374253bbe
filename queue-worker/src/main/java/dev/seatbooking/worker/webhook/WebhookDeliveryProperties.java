package dev.seatbooking.worker.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How queue-worker delivers webhooks. The defaults, and the environment variables that override
 * them, are in queue-worker.yml.
 *
 * @param concurrency         attempts made at once (WEBHOOK_CONCURRENCY)
 * @param relayInterval       pause between two passes of the relay, which publishes the deliveries
 *                            written since (WEBHOOK_RELAY_INTERVAL)
 * @param lease               how long a published delivery may go unattempted before the relay
 *                            publishes it again, its message presumed lost (WEBHOOK_LEASE)
 * @param connectTimeout      to look up a receiver's name, and to connect to it (WEBHOOK_CONNECT_TIMEOUT)
 * @param responseTimeout     to wait for its answer (WEBHOOK_RESPONSE_TIMEOUT)
 * @param maxResponseSize     of a receiver's answer, read (to keep the connection) and otherwise
 *                            ignored; of a longer one no more is read, and the connection is dropped
 *                            (its status code still counts) (WEBHOOK_MAX_RESPONSE_SIZE)
 * @param retryInitialBackoff pause after the first failed attempt (WEBHOOK_RETRY_INITIAL_BACKOFF)
 * @param retryMaxBackoff     the pause doubles with every failed attempt, up to this
 *                            (WEBHOOK_RETRY_MAX_BACKOFF)
 * @param giveUpAfter         a delivery not done this long after it was written is marked FAILED
 *                            (WEBHOOK_GIVE_UP_AFTER)
 * @param pauseAfterFailures  a subscription whose attempts failed this many times in a row is paused,
 *                            for the back-off of its failures beyond that number, but for one probe
 *                            attempt when each pause ends (WEBHOOK_PAUSE_AFTER_FAILURES)
 * @param retention           finished deliveries, and notifications without a pending one, are
 *                            deleted this long after (WEBHOOK_RETENTION)
 */
@ConfigurationProperties("booking.webhooks.delivery")
public record WebhookDeliveryProperties(int concurrency, Duration relayInterval, Duration lease,
        Duration connectTimeout, Duration responseTimeout, DataSize maxResponseSize, Duration retryInitialBackoff,
        Duration retryMaxBackoff, Duration giveUpAfter, int pauseAfterFailures, Duration retention) {

    public WebhookDeliveryProperties {
        require(concurrency >= 1, "concurrency must be at least 1");
        require(pauseAfterFailures >= 1, "pause-after-failures must be at least 1");
        for (Duration positive : new Duration[] {relayInterval, lease, connectTimeout, responseTimeout,
                retryInitialBackoff, retryMaxBackoff, giveUpAfter, retention}) {
            require(positive != null && !positive.isNegative() && !positive.isZero(), "durations must be positive");
        }
        require(maxResponseSize != null && maxResponseSize.toBytes() > 0, "max-response-size must be positive");
        require(retryMaxBackoff.compareTo(retryInitialBackoff) >= 0,
                "retry-max-backoff must not be shorter than retry-initial-backoff");
        // an attempt still running when its lease ends could be made twice at once
        require(lease.compareTo(connectTimeout.plus(responseTimeout).multipliedBy(2)) >= 0,
                "lease must be at least twice connect-timeout + response-timeout");
    }

    /** The pause after the {@code failedAttempts}-th failed attempt (1 for the first). */
    public Duration backoff(int failedAttempts) {
        Duration delay = retryInitialBackoff;
        for (int i = 1; i < failedAttempts && delay.compareTo(retryMaxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMaxBackoff) < 0 ? delay : retryMaxBackoff;
    }

    /** Every pause {@link #backoff} can give: one retry queue each. */
    public List<Duration> backoffs() {
        List<Duration> all = new ArrayList<>();
        for (int attempts = 1; all.isEmpty() || !all.get(all.size() - 1).equals(retryMaxBackoff); attempts++) {
            all.add(backoff(attempts));
        }
        return all;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("booking.webhooks.delivery." + message);
        }
    }
}
