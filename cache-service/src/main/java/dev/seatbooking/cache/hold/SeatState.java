package dev.seatbooking.cache.hold;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.cache.HoldResponse;
import dev.seatbooking.common.cache.HoldResult;
import dev.seatbooking.common.cache.PendingHold;
import dev.seatbooking.common.messaging.BookingOutcome;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchOptions.ExecutionMode;
import org.redisson.api.RBatch;
import org.redisson.api.RMapAsync;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The seats of each event as Redis holds them. Taking and freeing a seat happen only inside the two
 * Lua scripts, so concurrent holds of any number of instances cannot oversell or double-book.
 */
@Component
class SeatState {

    /** Keeps each HSET of a rebuild small enough not to stall Redis for other clients. */
    private static final int REBUILD_CHUNK = 1000;

    private final RedissonClient redisson;
    private final SeatKeys keys;
    private final long pendingTtlSeconds;
    private final long queuedTtlSeconds;
    private final LuaScript holdScript;
    private final LuaScript releaseScript;
    private final LuaScript confirmScript;

    SeatState(RedissonClient redisson, SeatKeys keys, CacheProperties properties) {
        this.redisson = redisson;
        this.keys = keys;
        this.pendingTtlSeconds = properties.pendingHoldTtl().toSeconds();
        this.queuedTtlSeconds = properties.queuedHoldTtl().toSeconds();
        this.holdScript = LuaScript.fromClasspath(redisson, "scripts/hold.lua");
        this.releaseScript = LuaScript.fromClasspath(redisson, "scripts/release.lua");
        this.confirmScript = LuaScript.fromClasspath(redisson, "scripts/confirm.lua");
        holdScript.load();
        releaseScript.load();
        confirmScript.load();
    }

    /**
     * One answer per hold, in order (all in one round trip): empty where the event's state is not
     * in Redis yet.
     */
    List<Optional<HoldResponse>> holdAll(List<HoldRequest> requests) {
        List<LuaScript.Call> calls = requests.stream().map(request -> new LuaScript.Call(holdScript, ReturnType.LIST,
                List.of(keys.eventCapacity(request.eventId()), keys.eventHolders(request.eventId()),
                        keys.pendingHold(request.bookingId())),
                request.userId(), String.valueOf(request.bookingId()), String.valueOf(request.eventId()),
                request.createdAt().toString(), String.valueOf(pendingTtlSeconds))).toList();
        List<?> replies = LuaScript.callAll(redisson, calls);
        return IntStream.range(0, requests.size()).mapToObj(i -> holdResponse((List<?>) replies.get(i))).toList();
    }

    private static Optional<HoldResponse> holdResponse(List<?> reply) {
        if (reply.get(0).equals("NOT_LOADED")) {
            return Optional.empty();
        }
        Long holder = reply.size() > 1 ? Long.valueOf((String) reply.get(1)) : null;
        return Optional.of(new HoldResponse(HoldResult.valueOf((String) reply.get(0)), holder));
    }

    /** Frees the user's seat if this booking still holds it; true if a seat was freed. */
    boolean release(long eventId, String userId, long bookingId) {
        LuaScript.Call release = releaseCall(eventId, userId, bookingId);
        Long freed = releaseScript.call(release.returnType(), release.keys(), release.args());
        return freed == 1L;
    }

    Optional<PendingHold> pendingHold(long bookingId) {
        Map<String, String> fields = redisson.<String, String>getMap(keys.pendingHold(bookingId), StringCodec.INSTANCE)
                .readAllMap();
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingHold(bookingId, Long.parseLong(fields.get("event_id")), fields.get("user_id"),
                Instant.parse(fields.get("created_at"))));
    }

    /**
     * The booking's command is queued (its client was answered 202): its pending record, and with it
     * the seat, now outlives a queue-worker outage of up to the queued TTL. False when the booking
     * has no pending record (committed or released meanwhile): nothing to keep.
     */
    boolean keepWhileQueued(long bookingId) {
        return redisson.getKeys().expire(keys.pendingHold(bookingId), queuedTtlSeconds, TimeUnit.SECONDS);
    }

    /**
     * Follows what queue-worker committed, in one round trip: a CONFIRMED booking holds its seat
     * under its id and no longer needs its pending record (PostgreSQL answers for it from here on); a
     * REJECTED or CANCELLED one gives its seat back. Every step is safe to repeat.
     */
    void apply(List<BookingOutcome> outcomes) {
        List<LuaScript.Call> calls = outcomes.stream()
                .map(outcome -> outcome.status() == BookingStatus.CONFIRMED
                        ? new LuaScript.Call(confirmScript, ReturnType.LONG,
                                List.of(keys.eventCapacity(outcome.eventId()), keys.eventHolders(outcome.eventId()),
                                        keys.pendingHold(outcome.bookingId())),
                                outcome.userId(), String.valueOf(outcome.bookingId()))
                        : releaseCall(outcome.eventId(), outcome.userId(), outcome.bookingId()))
                .toList();
        if (!calls.isEmpty()) {
            LuaScript.callAll(redisson, calls);
        }
    }

    private LuaScript.Call releaseCall(long eventId, String userId, long bookingId) {
        return new LuaScript.Call(releaseScript, ReturnType.LONG,
                List.of(keys.eventHolders(eventId), keys.pendingHold(bookingId)), userId, String.valueOf(bookingId));
    }

    /** False when Redis lost its data since the marker was written (or it never was). */
    boolean isStateKept() {
        return redisson.getBucket(keys.stateMarker(), StringCodec.INSTANCE).isExists();
    }

    void markStateKept() {
        redisson.getBucket(keys.stateMarker(), StringCodec.INSTANCE).set(Instant.now().toString());
    }

    boolean isLoaded(long eventId) {
        return redisson.getBucket(keys.eventCapacity(eventId), StringCodec.INSTANCE).isExists();
    }

    /**
     * Replaces the event's state in one MULTI/EXEC: the capacity key (which marks the state as
     * loaded) can never be seen without the full holders hash behind it.
     */
    void load(long eventId, int capacity, List<SeatHolder> holders) {
        RBatch batch = redisson.createBatch(BatchOptions.defaults().executionMode(ExecutionMode.IN_MEMORY_ATOMIC));
        RMapAsync<String, String> holderMap = batch.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE);
        holderMap.deleteAsync();
        for (int from = 0; from < holders.size(); from += REBUILD_CHUNK) {
            Map<String, String> chunk = new HashMap<>();
            for (SeatHolder holder : holders.subList(from, Math.min(from + REBUILD_CHUNK, holders.size()))) {
                chunk.put(holder.userId(), String.valueOf(holder.bookingId()));
            }
            holderMap.putAllAsync(chunk);
        }
        batch.getBucket(keys.eventCapacity(eventId), StringCodec.INSTANCE).setAsync(String.valueOf(capacity));
        batch.execute();
    }
}
