package dev.seatbooking.booking;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis keys booking-service owns: its locks, its Idempotency-Key records and its rate-limit
 * buckets. The seats themselves are cache-service's keys, reached only through its API. All under
 * one prefix (BOOKING_REDIS_KEY_PREFIX, default in common.yml), so that runs and deployments can
 * share a Redis.
 */
@ConfigurationProperties("booking.redis")
public record BookingKeys(String keyPrefix) {

    public BookingKeys {
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("booking.redis.key-prefix must be set");
        }
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
}
