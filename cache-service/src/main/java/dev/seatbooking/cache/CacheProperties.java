package dev.seatbooking.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pendingHoldTtl how long a hold's PENDING record outlives a queue-worker that never answers
 * @param rebuildLockWait how long a hold waits for another instance that is rebuilding the same event
 */
@ConfigurationProperties("booking.cache")
public record CacheProperties(
        @DefaultValue("1h") Duration pendingHoldTtl,
        @DefaultValue("5s") Duration rebuildLockWait) {

    public CacheProperties {
        // EXPIRE takes whole seconds and deletes the key at once for 0
        if (pendingHoldTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("booking.cache.pending-hold-ttl must be at least 1s");
        }
    }
}
