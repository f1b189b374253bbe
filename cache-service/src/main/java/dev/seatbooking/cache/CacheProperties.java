package dev.seatbooking.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pendingHoldTtl how long a hold's PENDING record outlives a queue-worker that never answers
 * @param rebuildLockWait how long a hold waits for another instance that is rebuilding the same event
 * @param reconcileInterval the pause between two passes comparing the loaded events with PostgreSQL
 */
@ConfigurationProperties("booking.cache")
public record CacheProperties(
        @DefaultValue("1h") Duration pendingHoldTtl,
        @DefaultValue("5s") Duration rebuildLockWait,
        @DefaultValue("30s") Duration reconcileInterval) {

    public CacheProperties {
        // EXPIRE takes whole seconds and deletes the key at once for 0
        if (pendingHoldTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("booking.cache.pending-hold-ttl must be at least 1s");
        }
        // the scheduler refuses it as well, but without naming the setting
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("booking.cache.reconcile-interval must be positive");
        }
    }
}
