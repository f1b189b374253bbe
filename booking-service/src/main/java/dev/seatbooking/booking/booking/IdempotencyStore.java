package dev.seatbooking.booking.booking;

import java.time.Duration;

import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.cache.RedisKeys;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * First answers to reserve requests that carried an Idempotency-Key. A key is claimed before any
 * work is done, so the same key with another body is refused even while the first is in flight.
 */
@Component
class IdempotencyStore {

    /** What a key stands for: the request it was first used with and, once known, the answer. */
    record Entry(String fingerprint, BookingView booking, ErrorCode errorCode, String errorMessage) {

        boolean answered() {
            return booking != null || errorCode != null;
        }

        Reservation replay() {
            if (errorCode != null) {
                throw new ApiException(errorCode, errorMessage);
            }
            return new Reservation(booking);
        }
    }

    private final RedissonClient redisson;
    private final RedisKeys keys;
    private final JsonMapper json;
    private final Duration ttl;

    IdempotencyStore(RedissonClient redisson, RedisKeys keys, JsonMapper json, ReservationProperties properties) {
        this.redisson = redisson;
        this.keys = keys;
        this.json = json;
        this.ttl = properties.idempotencyTtl();
    }

    /** Claims the key for this request; returns the earlier entry when the key was already used. */
    Entry claim(String key, String fingerprint) {
        RBucket<String> bucket = bucket(key);
        if (bucket.setIfAbsent(json.writeValueAsString(new Entry(fingerprint, null, null, null)), ttl)) {
            return null;
        }
        String existing = bucket.get();
        return existing == null ? claim(key, fingerprint) : json.readValue(existing, Entry.class);
    }

    void answer(String key, String fingerprint, BookingView booking) {
        bucket(key).set(json.writeValueAsString(new Entry(fingerprint, booking, null, null)), ttl);
    }

    void answer(String key, String fingerprint, ApiException error) {
        bucket(key).set(json.writeValueAsString(new Entry(fingerprint, null, error.code(), error.getMessage())), ttl);
    }

    /** Frees the key after an answer worth retrying (503, 429), so a retry is not a replay of it. */
    void forget(String key) {
        bucket(key).delete();
    }

    private RBucket<String> bucket(String key) {
        return redisson.getBucket(keys.idempotencyRecord(key), StringCodec.INSTANCE);
    }
}
