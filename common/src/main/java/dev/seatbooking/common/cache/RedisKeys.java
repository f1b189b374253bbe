package dev.seatbooking.common.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Every Redis key of the suite, under one prefix so that runs and deployments can share a Redis. */
@ConfigurationProperties("booking.redis")
public record RedisKeys(@DefaultValue("booking:") String keyPrefix) {

    /** The event's seat count; its presence means the event's state is loaded. */
    public String eventCapacity(long eventId) {
        return keyPrefix + "event:" + eventId + ":capacity";
    }

    /** Hash user id to booking id of everyone holding a seat (confirmed or pending). */
    public String eventHolders(long eventId) {
        return keyPrefix + "event:" + eventId + ":holders";
    }

    /** Matches the capacity key of every loaded event; {@link #eventIdOfCapacity} reads the id back. */
    public String eventCapacityPattern() {
        return keyPrefix + "event:*:capacity";
    }

    public long eventIdOfCapacity(String capacityKey) {
        return Long.parseLong(capacityKey.substring((keyPrefix + "event:").length(),
                capacityKey.length() - ":capacity".length()));
    }

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

    /** Serialises reserve and cancel of one user for one event across booking-service replicas. */
    public String bookingLock(long eventId, String userId) {
        return keyPrefix + "lock:booking:" + eventId + ":" + userId;
    }

    /** Bucket4j's token bucket for one user's reserve requests, shared by every booking-service replica. */
    public String userRateLimit(String userId) {
        return keyPrefix + "rate:user:" + userId;
    }

    /** Bucket4j's token bucket for one client address's reserve requests. */
    public String clientRateLimit(String clientAddress) {
        return keyPrefix + "rate:client:" + clientAddress;
    }

    public String idempotencyRecord(String idempotencyKey) {
        return keyPrefix + "idempotency:" + idempotencyKey;
    }

    /** Everything under the prefix, for clean-up of a test run. */
    public String allKeysPattern() {
        return keyPrefix + "*";
    }
}
