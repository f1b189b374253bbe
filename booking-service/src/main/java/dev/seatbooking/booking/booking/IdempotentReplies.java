package dev.seatbooking.booking.booking;

import java.time.Duration;
import java.util.function.Supplier;

import dev.seatbooking.booking.BookingKeys;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Refusal;
import dev.seatbooking.common.error.Result;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Idempotency-Key rule, in one place: the first answer to a key is the answer to every repeat of
 * the same request, and the key with another request is refused. A key is claimed in Redis before
 * any work is done, so the same key with another body is refused even while the first is in flight.
 * Only final answers are kept: a success (201 or 202) and a refusal the client cannot change by
 * waiting; after a 429 or a 503 the key is freed, so that the retry does the work. Keys are shared by
 * the endpoints that take one (reserve, hold): the fingerprint names the endpoint too.
 */
@Component
class IdempotentReplies {

    /** What a key stands for: the request it was first used with and, once known, the answer. */
    record Entry(String fingerprint, JsonNode answer, Refusal refusal) {

        boolean answered() {
            return answer != null || refusal != null;
        }
    }

    private final RedissonClient redisson;
    private final BookingKeys keys;
    private final JsonMapper json;
    private final Duration ttl;

    IdempotentReplies(RedissonClient redisson, BookingKeys keys, JsonMapper json, ReservationProperties properties) {
        this.redisson = redisson;
        this.keys = keys;
        this.json = json;
        this.ttl = properties.idempotencyTtl();
    }

    /**
     * The request's answer for this key: replayed when the key already has one, else the one
     * {@code work} gives, kept if it is final. Runs under the user's lock, so a claim without an
     * answer that is seen here belongs to a request that died midway, and is taken over.
     *
     * @param fingerprint what identifies the request (endpoint, event, user, ...), compared on every repeat
     * @param type what the answer is, to read a replay back
     */
    <T> Result<T> once(String key, String fingerprint, Class<T> type, Supplier<Result<T>> work) {
        Entry earlier = claim(key, fingerprint);
        if (earlier != null && !earlier.fingerprint().equals(fingerprint)) {
            return Result.refused(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different request");
        }
        if (earlier != null && earlier.answered()) {
            return earlier.refusal() != null ? Result.refused(earlier.refusal())
                    : Result.ok(json.treeToValue(earlier.answer(), type));
        }
        Result<T> answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            forgetAfter(key, e);
            throw e;
        }
        if (answer instanceof Result.Ok<T> done) {
            keep(key, new Entry(fingerprint, json.valueToTree(done.value()), null));
        } else if (answer instanceof Result.Refused<T> refused) {
            if (refused.refusal().code() == ErrorCode.RATE_LIMITED) {
                bucket(key).delete();
            } else {
                keep(key, new Entry(fingerprint, null, refused.refusal()));
            }
        }
        return answer;
    }

    private Entry claim(String key, String fingerprint) {
        RBucket<String> bucket = bucket(key);
        if (bucket.setIfAbsent(json.writeValueAsString(new Entry(fingerprint, null, null)), ttl)) {
            return null;
        }
        String existing = bucket.get();
        return existing == null ? claim(key, fingerprint) : json.readValue(existing, Entry.class);
    }

    private void keep(String key, Entry entry) {
        bucket(key).set(json.writeValueAsString(entry), ttl);
    }

    /** Frees the key after a failure worth retrying, so a retry is not a replay of it. */
    private void forgetAfter(String key, RuntimeException failure) {
        try {
            bucket(key).delete();
        } catch (RuntimeException e) {
            // Redis away: the claim stays unanswered, which the next attempt takes over
            failure.addSuppressed(e);
        }
    }

    private RBucket<String> bucket(String key) {
        return redisson.getBucket(keys.idempotencyRecord(key), StringCodec.INSTANCE);
    }
}
