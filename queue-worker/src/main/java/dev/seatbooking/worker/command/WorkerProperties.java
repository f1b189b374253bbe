package dev.seatbooking.worker.command;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How queue-worker consumes commands. The defaults, and the environment variables that override
 * them, are in queue-worker.yml (BOOKING_WORKER_BATCH_SIZE etc. work too, by relaxed binding).
 *
 * @param batchSize           commands persisted in one transaction (WORKER_BATCH_SIZE)
 * @param concurrency         consumers, each with its own batch and transaction (WORKER_CONCURRENCY)
 * @param prefetch            unacknowledged messages RabbitMQ hands one consumer (WORKER_PREFETCH)
 * @param receiveTimeout      how long a consumer waits for the next message before it stops filling
 *                            the current batch (WORKER_RECEIVE_TIMEOUT)
 * @param batchReceiveTimeout how long it fills one batch at most (WORKER_BATCH_RECEIVE_TIMEOUT)
 * @param retryInitialBackoff first pause before commands that met an unavailable PostgreSQL or
 *                            RabbitMQ go back to the queue (WORKER_RETRY_INITIAL_BACKOFF)
 * @param retryMaxBackoff     the pause doubles while the outage lasts, up to this
 *                            (WORKER_RETRY_MAX_BACKOFF)
 * @param confirmTimeout      how long to wait for RabbitMQ to confirm the replies and outcome events
 *                            of a batch; unconfirmed, its commands go back to the queue
 *                            (WORKER_CONFIRM_TIMEOUT)
 * @param holdSweepInterval   pause between two passes of the hold expiry sweep (WORKER_HOLD_SWEEP_INTERVAL)
 * @param holdSweepGrace      how long past its expiry a hold waits for its own expiry before the sweep
 *                            sends one (WORKER_HOLD_SWEEP_GRACE)
 */
@ConfigurationProperties("booking.worker")
public record WorkerProperties(int batchSize, int concurrency, int prefetch, Duration receiveTimeout,
        Duration batchReceiveTimeout, Duration retryInitialBackoff, Duration retryMaxBackoff,
        Duration confirmTimeout, Duration holdSweepInterval, Duration holdSweepGrace) {

    public WorkerProperties {
        require(batchSize >= 1, "batch-size must be at least 1");
        require(concurrency >= 1, "concurrency must be at least 1");
        // with fewer messages in flight than a batch holds, every batch would end on the receive timeout
        require(prefetch >= batchSize, "prefetch must be at least batch-size");
        requirePositive("receive-timeout", receiveTimeout);
        requirePositive("batch-receive-timeout", batchReceiveTimeout);
        requirePositive("retry-initial-backoff", retryInitialBackoff);
        requirePositive("retry-max-backoff", retryMaxBackoff);
        requirePositive("confirm-timeout", confirmTimeout);
        requirePositive("hold-sweep-interval", holdSweepInterval);
        require(holdSweepGrace != null && !holdSweepGrace.isNegative(), "hold-sweep-grace must not be negative");
        require(retryMaxBackoff.compareTo(retryInitialBackoff) >= 0,
                "retry-max-backoff must not be shorter than retry-initial-backoff");
    }

    private static void requirePositive(String name, Duration value) {
        require(value != null && !value.isNegative() && !value.isZero(), name + " must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("booking.worker." + message);
        }
    }
}
