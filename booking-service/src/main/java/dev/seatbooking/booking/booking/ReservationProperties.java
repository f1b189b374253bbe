package dev.seatbooking.booking.booking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How reservations and cancels run. The defaults, and the environment variables that override them,
 * are in booking-service.yml.
 *
 * @param confirmWait how long a reserve or cancel waits for queue-worker's commit before answering 202
 * @param publishConfirmTimeout how long to wait for RabbitMQ to confirm a command is stored
 * @param lockWait how long a request waits for another request of the same user and event
 * @param lockLease after how long a lock whose holder died (or hangs) frees itself: longer than any
 *        reserve or cancel takes (a hold's read timeout, the publish confirm and the commit wait).
 *        A fixed lease spares Redisson's watchdog a renewal timer per lock.
 * @param idempotencyTtl how long an Idempotency-Key's first answer is kept
 * @param soldOutTtl how long an event cache-service found sold out is answered SOLD_OUT here without
 *        asking it again (0 turns this off); a seat freed by another instance waits at most this long
 * @param commandBatchSize most booking commands sent in one message
 * @param commandBatchesInFlight command messages awaiting RabbitMQ's confirm at once; commands ready
 *        meanwhile wait and travel together in the next message
 * @param claimsInFlight most reserves and holds under way in this instance ({@link ClaimBulkhead})
 * @param claimWait how long a reserve or hold waits for a place among them before it is answered 503
 */
@ConfigurationProperties("booking.reservation")
public record ReservationProperties(
        Duration confirmWait,
        Duration publishConfirmTimeout,
        Duration lockWait,
        Duration lockLease,
        Duration idempotencyTtl,
        Duration soldOutTtl,
        int commandBatchSize,
        int commandBatchesInFlight,
        int claimsInFlight,
        Duration claimWait) {

    public ReservationProperties {
        for (Duration duration : new Duration[] {confirmWait, publishConfirmTimeout, lockWait, lockLease,
                idempotencyTtl, soldOutTtl, claimWait}) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("booking.reservation durations must be set and not negative");
            }
        }
        if (commandBatchSize < 1 || commandBatchesInFlight < 1 || claimsInFlight < 1) {
            throw new IllegalArgumentException("booking.reservation.command-batch-size, command-batches-in-flight "
                    + "and claims-in-flight must be at least 1");
        }
    }
}
