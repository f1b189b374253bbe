package dev.seatbooking.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * cache-service's settings; the defaults, and the environment variables that override them, are in
 * cache-service.yml.
 *
 * @param pendingHoldTtl how long a hold's pending record lives until booking-service reports its
 *        command queued: long enough to publish, short enough that the seat of a hold whose
 *        booking-service died before publishing is soon freed by reconciliation
 * @param queuedHoldTtl how long the pending record of a booking whose command is queued (answered
 *        202) lives: the longest queue-worker outage a queued booking survives with its seat
 * @param rebuildLockWait how long a hold waits for another instance that is rebuilding the same event
 * @param reconcileInterval the pause between two passes comparing the loaded events with PostgreSQL
 */
@ConfigurationProperties("booking.cache")
public record CacheProperties(Duration pendingHoldTtl, Duration queuedHoldTtl, Duration rebuildLockWait,
        Duration reconcileInterval) {

    public CacheProperties {
        // EXPIRE takes whole seconds and deletes the key at once for 0
        requireSeconds("pending-hold-ttl", pendingHoldTtl);
        requireSeconds("queued-hold-ttl", queuedHoldTtl);
        if (rebuildLockWait == null || rebuildLockWait.isNegative()) {
            throw new IllegalArgumentException("booking.cache.rebuild-lock-wait must be set and not negative");
        }
        // the scheduler refuses it as well, but without naming the setting
        if (reconcileInterval == null || reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("booking.cache.reconcile-interval must be positive");
        }
    }

    private static void requireSeconds(String name, Duration ttl) {
        if (ttl == null || ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("booking.cache." + name + " must be at least 1s");
        }
    }
}
