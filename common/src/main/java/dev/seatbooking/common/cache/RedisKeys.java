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

    public String pendingHold(long bookingId) {
        return keyPrefix + "hold:" + bookingId;
    }

    public String rebuildLock(long eventId) {
        return keyPrefix + "lock:rebuild:" + eventId;
    }

    /** Serialises reserve and cancel of one user for one event across booking-service replicas. */
    public String bookingLock(long eventId, String userId) {
        return keyPrefix + "lock:booking:" + eventId + ":" + userId;
    }

    public String idempotencyRecord(String idempotencyKey) {
        return keyPrefix + "idempotency:" + idempotencyKey;
    }

    /** Everything under the prefix, for clean-up of a test run. */
    public String allKeysPattern() {
        return keyPrefix + "*";
    }
}
