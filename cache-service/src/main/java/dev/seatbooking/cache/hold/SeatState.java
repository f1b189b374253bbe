package dev.seatbooking.cache.hold;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.cache.PendingClaim;
import dev.seatbooking.common.cache.SeatSettings;
import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.messaging.BookingOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchOptions.ExecutionMode;
import org.redisson.api.RBatch;
import org.redisson.api.RMapAsync;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The seats of each event as Redis holds them: the capacity, the holders (one claim per user, with
 * its seats), the seats taken, and the event's on-sale settings. Taking and freeing seats happen only
 * inside the Lua scripts, so concurrent claims of any number of instances cannot oversell or give a
 * user two claims.
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
    private final LuaScript settingsScript;
    private final Timer expiryLag;

    SeatState(RedissonClient redisson, SeatKeys keys, CacheProperties properties, MeterRegistry meters) {
        this.redisson = redisson;
        this.keys = keys;
        this.pendingTtlSeconds = properties.pendingHoldTtl().toSeconds();
        this.queuedTtlSeconds = properties.queuedHoldTtl().toSeconds();
        this.holdScript = LuaScript.fromClasspath(redisson, "scripts/hold.lua");
        this.releaseScript = LuaScript.fromClasspath(redisson, "scripts/release.lua");
        this.confirmScript = LuaScript.fromClasspath(redisson, "scripts/confirm.lua");
        this.settingsScript = LuaScript.fromClasspath(redisson, "scripts/settings.lua");
        holdScript.load();
        releaseScript.load();
        confirmScript.load();
        settingsScript.load();
        this.expiryLag = Timer.builder("booking.holds.expiry.lag")
                .description("From a hold's expires_at to its seats being on sale again in Redis")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * One answer per claim, in order (all in one round trip): empty where the event's state is not
     * in Redis yet.
     */
    List<Optional<ClaimResponse>> claimAll(List<ClaimRequest> requests) {
        List<LuaScript.Call> calls = requests.stream().map(request -> new LuaScript.Call(holdScript, ReturnType.LIST,
                List.of(keys.eventCapacity(request.eventId()), keys.eventHolders(request.eventId()),
                        keys.eventTaken(request.eventId()), keys.eventSettings(request.eventId()),
                        keys.pendingHold(request.bookingId())),
                request.userId(), String.valueOf(request.bookingId()), String.valueOf(request.eventId()),
                request.createdAt().toString(), String.valueOf(pendingTtlSeconds), String.valueOf(request.quantity()),
                request.kind().name())).toList();
        List<?> replies = LuaScript.callAll(redisson, calls);
        return IntStream.range(0, requests.size()).mapToObj(i -> claimResponse((List<?>) replies.get(i))).toList();
    }

    private static Optional<ClaimResponse> claimResponse(List<?> reply) {
        String result = (String) reply.get(0);
        if (result.equals("NOT_LOADED")) {
            return Optional.empty();
        }
        return Optional.of(switch (ClaimResult.valueOf(result)) {
            case HELD -> new ClaimResponse(ClaimResult.HELD, number(reply, 1), (int) number(reply, 2), null, null);
            case ALREADY_BOOKED -> new ClaimResponse(ClaimResult.ALREADY_BOOKED, number(reply, 1), null, null, null);
            case NOT_ENOUGH_SEATS -> new ClaimResponse(ClaimResult.NOT_ENOUGH_SEATS, null, null, (int) number(reply, 1),
                    null);
            case LIMIT_EXCEEDED -> new ClaimResponse(ClaimResult.LIMIT_EXCEEDED, null, null, null, (int) number(reply, 1));
            default -> ClaimResponse.of(ClaimResult.valueOf(result));
        });
    }

    private static long number(List<?> reply, int index) {
        return Long.parseLong((String) reply.get(index));
    }

    /** Frees the user's seats if this claim still holds them; true if seats were freed. */
    boolean release(long eventId, String userId, long bookingId) {
        LuaScript.Call release = releaseCall(eventId, userId, bookingId, false);
        Long freed = releaseScript.call(release.returnType(), release.keys(), release.args());
        return freed == 1L;
    }

    /**
     * The claim's command is queued (its client was answered 202): its pending record, and with it
     * the seats, now outlive a queue-worker outage of up to the queued TTL. False when the claim has
     * no pending record (committed or released meanwhile): nothing to keep.
     */
    boolean keepWhileQueued(long bookingId) {
        return redisson.getKeys().expire(keys.pendingHold(bookingId), queuedTtlSeconds, TimeUnit.SECONDS);
    }

    /**
     * The claim is no longer in flight (a hold's confirmation that was not sent after all): its pending
     * record goes, its seats stay as they are. An expiry that lands from now on frees them.
     */
    void landed(long bookingId) {
        redisson.getKeys().delete(keys.pendingHold(bookingId));
    }

    Optional<PendingClaim> pendingClaim(long bookingId) {
        Map<String, String> fields = redisson.<String, String>getMap(keys.pendingHold(bookingId), StringCodec.INSTANCE)
                .readAllMap();
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingClaim(bookingId, Long.parseLong(fields.get("event_id")), fields.get("user_id"),
                Integer.parseInt(fields.get("quantity")), ClaimKind.valueOf(fields.get("kind")),
                Instant.parse(fields.get("created_at")), Integer.parseInt(fields.get("hold_ttl"))));
    }

    /**
     * Follows what queue-worker committed, in one round trip: a claim stored HELD or CONFIRMED holds
     * its seats under its id and no longer needs its pending record (PostgreSQL answers for it from
     * here on); one REJECTED, CANCELLED, RELEASED or EXPIRED gives its seats back. Every step is safe
     * to repeat. Outcomes that take seats and outcomes that free them together are applied in one
     * MULTI/EXEC: queue-worker puts the waiting list's offers ahead of the ends whose seats they got,
     * and no hold may see those seats free in between, nor the offers' seats counted on top.
     */
    void apply(List<BookingOutcome> outcomes) {
        List<LuaScript.Call> calls = outcomes.stream()
                .map(outcome -> outcome.status().live()
                        ? new LuaScript.Call(confirmScript, ReturnType.LONG,
                                List.of(keys.eventCapacity(outcome.eventId()), keys.eventHolders(outcome.eventId()),
                                        keys.eventTaken(outcome.eventId()), keys.pendingHold(outcome.bookingId())),
                                outcome.userId(), String.valueOf(outcome.bookingId()),
                                String.valueOf(outcome.quantity()))
                        : releaseCall(outcome.eventId(), outcome.userId(), outcome.bookingId(),
                                outcome.status() == BookingStatus.EXPIRED))
                .toList();
        if (calls.isEmpty()) {
            return;
        }
        boolean takeAndFree = outcomes.stream().anyMatch(outcome -> outcome.status().live())
                && outcomes.stream().anyMatch(outcome -> !outcome.status().live());
        List<?> freed = takeAndFree ? LuaScript.callAllAtOnce(redisson, calls) : LuaScript.callAll(redisson, calls);
        Instant now = Instant.now();
        for (int i = 0; i < outcomes.size(); i++) {
            BookingOutcome outcome = outcomes.get(i);
            // an expiry announced again (a redelivery, the sweep) frees nothing the second time
            if (outcome.status() == BookingStatus.EXPIRED && Long.valueOf(1).equals(freed.get(i))) {
                Duration lag = Duration.between(outcome.expiresAt(), now);
                expiryLag.record(lag.isNegative() ? Duration.ZERO : lag);
            }
        }
    }

    private LuaScript.Call releaseCall(long eventId, String userId, long bookingId, boolean expired) {
        return new LuaScript.Call(releaseScript, ReturnType.LONG,
                List.of(keys.eventHolders(eventId), keys.eventTaken(eventId), keys.pendingHold(bookingId)), userId,
                String.valueOf(bookingId), expired ? "1" : "0");
    }

    /** What {@link #applySettings} came to: done, refused, or nothing to do since the event is not loaded. */
    enum SettingsResult { APPLIED, CAPACITY_BELOW_SOLD, NOT_LOADED }

    /**
     * The event's new capacity and settings, unless the capacity is below the seats taken; with them,
     * the offers PostgreSQL made of the seats added take theirs.
     */
    SettingsResult applySettings(long eventId, SeatSettings change) {
        EventSettings settings = change.settings();
        List<Object> args = new ArrayList<>(List.of(String.valueOf(change.capacity()),
                String.valueOf(settings.maxPerUser()), String.valueOf(settings.holdTtlSeconds()),
                settings.status().name(), epochMillis(settings.salesStart()), epochMillis(settings.salesEnd())));
        for (SeatHolder offer : change.offers()) {
            args.addAll(List.of(offer.userId(), String.valueOf(offer.bookingId()), String.valueOf(offer.quantity())));
        }
        List<String> reply = settingsScript.call(ReturnType.LIST,
                List.of(keys.eventCapacity(eventId), keys.eventTaken(eventId), keys.eventSettings(eventId),
                        keys.eventHolders(eventId)),
                args.toArray());
        return SettingsResult.valueOf(reply.get(0));
    }

    /** False when Redis lost its data since the marker was written (or it never was). */
    boolean isStateKept() {
        return redisson.getBucket(keys.stateMarker(), StringCodec.INSTANCE).isExists();
    }

    void markStateKept() {
        redisson.getBucket(keys.stateMarker(), StringCodec.INSTANCE).set(Instant.now().toString());
    }

    boolean isLoaded(long eventId) {
        return redisson.getKeys().countExists(keys.eventCapacity(eventId), keys.eventSettings(eventId)) == 2;
    }

    /**
     * Replaces the event's state in one MULTI/EXEC: the capacity and settings (which mark the state as
     * loaded) can never be seen without the full holders hash and the seats taken behind them.
     */
    void load(long eventId, int capacity, EventSettings settings, List<SeatHolder> holders) {
        RBatch batch = redisson.createBatch(BatchOptions.defaults().executionMode(ExecutionMode.IN_MEMORY_ATOMIC));
        RMapAsync<String, String> holderMap = batch.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE);
        holderMap.deleteAsync();
        for (int from = 0; from < holders.size(); from += REBUILD_CHUNK) {
            Map<String, String> chunk = new HashMap<>();
            for (SeatHolder holder : holders.subList(from, Math.min(from + REBUILD_CHUNK, holders.size()))) {
                chunk.put(holder.userId(), holder.bookingId() + ":" + holder.quantity());
            }
            holderMap.putAllAsync(chunk);
        }
        int taken = holders.stream().mapToInt(SeatHolder::quantity).sum();
        batch.getBucket(keys.eventTaken(eventId), StringCodec.INSTANCE).setAsync(String.valueOf(taken));
        batch.getMap(keys.eventSettings(eventId), StringCodec.INSTANCE).putAllAsync(settingsFields(settings));
        batch.getBucket(keys.eventCapacity(eventId), StringCodec.INSTANCE).setAsync(String.valueOf(capacity));
        batch.execute();
    }

    /** The settings as the hold script reads them. */
    static Map<String, String> settingsFields(EventSettings settings) {
        return Map.of("max_per_user", String.valueOf(settings.maxPerUser()),
                "hold_ttl", String.valueOf(settings.holdTtlSeconds()), "status", settings.status().name(),
                "sales_start", epochMillis(settings.salesStart()), "sales_end", epochMillis(settings.salesEnd()));
    }

    private static String epochMillis(Instant instant) {
        return instant == null ? "" : String.valueOf(instant.toEpochMilli());
    }
}
