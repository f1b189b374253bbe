package dev.seatbooking.cache.hold;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.cache.HoldResponse;
import dev.seatbooking.common.cache.HoldResult;
import dev.seatbooking.common.cache.PendingHold;
import dev.seatbooking.common.cache.RedisKeys;
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
    private final RedisKeys keys;
    private final long pendingTtlSeconds;
    private final LuaScript holdScript;
    private final LuaScript releaseScript;
    private final LuaScript confirmScript;

    SeatState(RedissonClient redisson, RedisKeys keys, CacheProperties properties) {
        this.redisson = redisson;
        this.keys = keys;
        this.pendingTtlSeconds = properties.pendingHoldTtl().toSeconds();
        this.holdScript = LuaScript.fromClasspath(redisson, "scripts/hold.lua");
        this.releaseScript = LuaScript.fromClasspath(redisson, "scripts/release.lua");
        this.confirmScript = LuaScript.fromClasspath(redisson, "scripts/confirm.lua");
        holdScript.load();
        releaseScript.load();
        confirmScript.load();
    }

    /** The hold's answer, or empty when the event's state is not in Redis yet. */
    Optional<HoldResponse> hold(long eventId, HoldRequest request) {
        List<String> reply = holdScript.call(ReturnType.LIST,
                List.of(keys.eventCapacity(eventId), keys.eventHolders(eventId), keys.pendingHold(request.bookingId())),
                request.userId(), String.valueOf(request.bookingId()), String.valueOf(eventId),
                request.createdAt().toString(), String.valueOf(pendingTtlSeconds));
        if (reply.get(0).equals("NOT_LOADED")) {
            return Optional.empty();
        }
        Long holder = reply.size() > 1 ? Long.valueOf(reply.get(1)) : null;
        return Optional.of(new HoldResponse(HoldResult.valueOf(reply.get(0)), holder));
    }

    /** Frees the user's seat if this booking still holds it; true if a seat was freed. */
    boolean release(long eventId, String userId, long bookingId) {
        Long freed = releaseScript.call(ReturnType.LONG,
                List.of(keys.eventHolders(eventId), keys.pendingHold(bookingId)),
                userId, String.valueOf(bookingId));
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
     * The booking is a CONFIRMED row in PostgreSQL now, which answers for it from here on: its user
     * holds the seat under this booking id, and its pending record is no longer needed.
     */
    void confirm(long eventId, String userId, long bookingId) {
        confirmScript.call(ReturnType.LONG,
                List.of(keys.eventCapacity(eventId), keys.eventHolders(eventId), keys.pendingHold(bookingId)),
                userId, String.valueOf(bookingId));
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
