package dev.seatbooking.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis keys cache-service owns: every key of the seat state, and the locks and marker that guard
 * its loading. No other service names them; booking-service reaches the seats through cache-service's
 * API. Under the suite's prefix (BOOKING_REDIS_KEY_PREFIX, default in common.yml), so that runs and
 * deployments can share a Redis.
 */
@ConfigurationProperties("booking.redis")
public record SeatKeys(String keyPrefix) {

    public SeatKeys {
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("booking.redis.key-prefix must be set");
        }
    }

    /** The event's seat count; with its settings, its presence means the event's state is loaded. */
    public String eventCapacity(long eventId) {
        return keyPrefix + "event:" + eventId + ":capacity";
    }

    /**
     * Hash user id to {@code "claim id:seats"} of everyone holding seats (booked, held, or in flight):
     * one claim per user.
     */
    public String eventHolders(long eventId) {
        return keyPrefix + "event:" + eventId + ":holders";
    }

    /** The seats the holders take, together: kept by the same scripts that change the holders. */
    public String eventTaken(long eventId) {
        return keyPrefix + "event:" + eventId + ":taken";
    }

    /** Hash of the event's on-sale settings the hold script applies (seats per user, hold TTL, status, window). */
    public String eventSettings(long eventId) {
        return keyPrefix + "event:" + eventId + ":settings";
    }

    /** Matches the capacity key of every loaded event; {@link #eventIdOfCapacity} reads the id back. */
    public String eventCapacityPattern() {
        return keyPrefix + "event:*:capacity";
    }

    public long eventIdOfCapacity(String capacityKey) {
        return Long.parseLong(capacityKey.substring((keyPrefix + "event:").length(),
                capacityKey.length() - ":capacity".length()));
    }

    /** A claim's seats held while its command is in flight (not committed, not released yet). */
    public String pendingHold(long bookingId) {
        return pendingHoldPrefix() + bookingId;
    }

    /** For a Lua script that finds the booking ids in Redis and builds their pending-hold keys itself. */
    public String pendingHoldPrefix() {
        return keyPrefix + "hold:";
    }

    public String rebuildLock(long eventId) {
        return keyPrefix + "lock:rebuild:" + eventId;
    }

    /**
     * Written once Redis is known to hold every seat of every loaded event. Redis that lost its data
     * (restart without persistence, FLUSHALL) lost this key with the rest, which is how cache-service
     * tells a lost event state from one that was never loaded.
     */
    public String stateMarker() {
        return keyPrefix + "state";
    }

    /** Taken by the one cache-service instance that recovers from a Redis that lost its data. */
    public String recoveryLock() {
        return keyPrefix + "lock:recovery";
    }

    /** Taken by the one cache-service instance that runs a reconciliation pass. */
    public String reconcileLock() {
        return keyPrefix + "lock:reconcile";
    }
}
