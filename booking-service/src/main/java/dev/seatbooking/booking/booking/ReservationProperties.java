package dev.seatbooking.booking.booking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param confirmWait how long a reserve or cancel waits for queue-worker's commit before answering 202
 * @param publishConfirmTimeout how long to wait for RabbitMQ to confirm a command is stored
 * @param lockWait how long a request waits for another request of the same user and event
 * @param lockLease after how long a lock whose holder died (or hangs) frees itself: longer than any
 *        reserve or cancel takes (a hold's read timeout, the publish confirm and the commit wait).
 *        A fixed lease spares Redisson's watchdog a renewal timer per lock.
 * @param idempotencyTtl how long an Idempotency-Key's first answer is kept
 * @param queuedHoldTtl how long the seat of a booking answered 202 (queued, not committed in time)
 *        stays held without queue-worker committing it: the longest worker outage a queued booking
 *        survives. Until then cache-service's shorter pending-hold TTL applies, so the seat of a hold
 *        whose booking-service died before publishing is soon freed by reconciliation.
 * @param soldOutTtl how long an event cache-service found sold out is answered SOLD_OUT here without
 *        asking it again (0 turns this off); a seat freed by another instance waits at most this long
 * @param commandBatchSize most booking commands sent in one message
 * @param commandBatchesInFlight command messages awaiting RabbitMQ's confirm at once; commands ready
 *        meanwhile wait and travel together in the next message
 */
@ConfigurationProperties("booking.reservation")
public record ReservationProperties(
        @DefaultValue("2s") Duration confirmWait,
        @DefaultValue("5s") Duration publishConfirmTimeout,
        @DefaultValue("5s") Duration lockWait,
        @DefaultValue("30s") Duration lockLease,
        @DefaultValue("24h") Duration idempotencyTtl,
        @DefaultValue("1h") Duration queuedHoldTtl,
        @DefaultValue("200ms") Duration soldOutTtl,
        @DefaultValue("200") int commandBatchSize,
        @DefaultValue("2") int commandBatchesInFlight) {
}
