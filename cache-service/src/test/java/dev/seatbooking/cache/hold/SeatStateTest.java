package dev.seatbooking.cache.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.cache.PendingClaim;
import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.messaging.BookingOutcome;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.api.RScript.ReturnType;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/** The two Lua scripts and the rebuild write, straight against Redis (no PostgreSQL involved). */
class SeatStateTest extends CacheServiceTest {

    private static final Instant CREATED_AT = Instant.parse("2026-01-20T10:00:00.123456Z");

    @Autowired
    private SeatState seats;

    @Autowired
    private CacheProperties properties;

    @Test
    void holdsASeatAndRecordsThePendingBooking() {
        long eventId = loadedEvent(2);
        long bookingId = bookingId();

        assertThat(held(new ClaimRequest(eventId, bookingId, "alice", 1, ClaimKind.RESERVE, CREATED_AT, null)))
                .contains(new ClaimResponse(ClaimResult.HELD, bookingId, 600, null, null));

        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("alice", bookingId + ":1"));
        assertThat(seats.pendingClaim(bookingId)).contains(new PendingClaim(bookingId, eventId, "alice", 1, ClaimKind.RESERVE, CREATED_AT, 600));
        // cache-service.yml's one minute, which the hold script gave the record a moment ago
        assertThat(properties.pendingHoldTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(pendingTtl(bookingId)).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1));
    }

    @Test
    void aQueuedBookingKeepsItsSeatForTheQueuedTtlAndOneWithoutPendingRecordIsLeftAlone() {
        long eventId = loadedEvent(2);
        long bookingId = bookingId();
        held(new ClaimRequest(eventId, bookingId, "amy", 1, ClaimKind.RESERVE, CREATED_AT, null));

        assertThat(seats.keepWhileQueued(bookingId)).isTrue();

        assertThat(properties.queuedHoldTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(pendingTtl(bookingId)).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
        long settled = bookingId();
        assertThat(seats.keepWhileQueued(settled)).isFalse();
        assertThat(redisson.getKeys().countExists(keys.pendingHold(settled))).isZero();
    }

    @Test
    void aBatchOfHoldsIsAnsweredInOrderWithEachHoldDecidedOnItsOwn() {
        long small = loadedEvent(1);
        long large = loadedEvent(10);
        long unloaded = redisOnlyEventId();
        long first = bookingId();
        long second = bookingId();
        long third = bookingId();
        long fourth = bookingId();

        List<Optional<ClaimResponse>> answers = seats.claimAll(List.of(
                new ClaimRequest(small, first, "kim", 1, ClaimKind.RESERVE, CREATED_AT, null),
                new ClaimRequest(small, second, "lou", 1, ClaimKind.RESERVE, CREATED_AT, null),
                new ClaimRequest(unloaded, third, "kim", 1, ClaimKind.RESERVE, CREATED_AT, null),
                new ClaimRequest(large, fourth, "kim", 1, ClaimKind.RESERVE, CREATED_AT, null)));

        assertThat(answers).containsExactly(Optional.of(new ClaimResponse(ClaimResult.HELD, first, 600, null, null)),
                Optional.of(new ClaimResponse(ClaimResult.SOLD_OUT, null, null, null, null)), Optional.empty(),
                Optional.of(new ClaimResponse(ClaimResult.HELD, fourth, 600, null, null)));
    }

    @Test
    void theSameHoldSentAgainIsHeldOnceAndStillAnsweredHeld() {
        long eventId = loadedEvent(1);
        long bookingId = bookingId();
        ClaimRequest request = new ClaimRequest(eventId, bookingId, "mia", 1, ClaimKind.RESERVE, CREATED_AT, null);
        held(request);

        assertThat(held(request)).contains(new ClaimResponse(ClaimResult.HELD, bookingId, 600, null, null));
        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("mia", bookingId + ":1"));
    }

    @Test
    void aPipelineWhoseScriptsRedisForgotIsLoadedAndSentAgain() {
        long eventId = loadedEvent(5);
        long bookingId = bookingId();
        redisson.getScript(StringCodec.INSTANCE).scriptFlush();

        assertThat(held(new ClaimRequest(eventId, bookingId, "ned", 1, ClaimKind.RESERVE, CREATED_AT, null)))
                .contains(new ClaimResponse(ClaimResult.HELD, bookingId, 600, null, null));
    }

    @Test
    void outcomesAreAppliedTogetherConfirmedOnesKeepTheirSeatOthersGiveItBack() {
        long eventId = loadedEvent(5);
        long confirmed = bookingId();
        long rejected = bookingId();
        long cancelled = bookingId();
        held(new ClaimRequest(eventId, confirmed, "olga", 1, ClaimKind.RESERVE, CREATED_AT, null));
        held(new ClaimRequest(eventId, rejected, "pia", 1, ClaimKind.RESERVE, CREATED_AT, null));
        held(new ClaimRequest(eventId, cancelled, "quinn", 1, ClaimKind.RESERVE, CREATED_AT, null));

        seats.apply(List.of(outcome(eventId, "olga", confirmed, BookingStatus.CONFIRMED),
                outcome(eventId, "pia", rejected, BookingStatus.REJECTED),
                outcome(eventId, "quinn", cancelled, BookingStatus.CANCELLED)));

        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("olga", confirmed + ":1"));
        assertThat(List.of(confirmed, rejected, cancelled)).allSatisfy(id -> assertThat(seats.pendingClaim(id)).isEmpty());
    }

    @Test
    void aSecondHoldOfTheSameUserNamesTheFirstBookingAndTakesNothing() {
        long eventId = loadedEvent(5);
        long first = bookingId();
        long second = bookingId();
        held(new ClaimRequest(eventId, first, "bob", 1, ClaimKind.RESERVE, CREATED_AT, null));

        assertThat(held(new ClaimRequest(eventId, second, "bob", 1, ClaimKind.RESERVE, CREATED_AT, null)))
                .contains(new ClaimResponse(ClaimResult.ALREADY_BOOKED, first, null, null, null));

        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("bob", first + ":1"));
        assertThat(seats.pendingClaim(second)).isEmpty();
    }

    @Test
    void aFullEventIsSoldOutAndTakesNothing() {
        long eventId = loadedEvent(2);
        held(new ClaimRequest(eventId, bookingId(), "u1", 1, ClaimKind.RESERVE, CREATED_AT, null));
        held(new ClaimRequest(eventId, bookingId(), "u2", 1, ClaimKind.RESERVE, CREATED_AT, null));
        long refused = bookingId();

        assertThat(held(new ClaimRequest(eventId, refused, "u3", 1, ClaimKind.RESERVE, CREATED_AT, null)))
                .contains(new ClaimResponse(ClaimResult.SOLD_OUT, null, null, null, null));

        assertThat(holders(eventId).readAllMap()).containsOnlyKeys("u1", "u2");
        assertThat(seats.pendingClaim(refused)).isEmpty();
    }

    @Test
    void anEventWithoutCapacityKeyIsNotLoadedAndNothingIsWritten() {
        long eventId = redisOnlyEventId();
        long bookingId = bookingId();

        assertThat(held(new ClaimRequest(eventId, bookingId, "carol", 1, ClaimKind.RESERVE, CREATED_AT, null))).isEmpty();

        assertThat(seats.isLoaded(eventId)).isFalse();
        assertThat(holders(eventId).isExists()).isFalse();
        assertThat(seats.pendingClaim(bookingId)).isEmpty();
    }

    @Test
    void releaseFreesTheSeatOnlyForTheBookingThatHoldsIt() {
        long eventId = loadedEvent(1);
        long bookingId = bookingId();
        held(new ClaimRequest(eventId, bookingId, "dave", 1, ClaimKind.RESERVE, CREATED_AT, null));

        assertThat(seats.release(eventId, "dave", bookingId + 1_000_000)).as("another booking id").isFalse();
        assertThat(holders(eventId).readAllMap()).containsOnlyKeys("dave");

        assertThat(seats.release(eventId, "dave", bookingId)).isTrue();
        assertThat(holders(eventId).isExists()).isFalse();
        assertThat(seats.pendingClaim(bookingId)).isEmpty();

        assertThat(seats.release(eventId, "dave", bookingId)).as("repeated release").isFalse();
        assertThat(held(new ClaimRequest(eventId, bookingId(), "erin", 1, ClaimKind.RESERVE, CREATED_AT, null)))
                .map(ClaimResponse::result).contains(ClaimResult.HELD);
    }

    @Test
    void aLateReleaseOfAnOldBookingLeavesTheUsersNewerBookingAlone() {
        long eventId = loadedEvent(3);
        long old = bookingId();
        long newer = bookingId();
        held(new ClaimRequest(eventId, old, "frank", 1, ClaimKind.RESERVE, CREATED_AT, null));
        seats.release(eventId, "frank", old);
        held(new ClaimRequest(eventId, newer, "frank", 1, ClaimKind.RESERVE, CREATED_AT, null));

        assertThat(seats.release(eventId, "frank", old)).isFalse();

        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("frank", newer + ":1"));
        assertThat(seats.pendingClaim(newer)).isPresent();
    }

    @Test
    void aReleaseNamingAnotherUserFreesNothingAndKeepsThePendingRecord() {
        long eventId = loadedEvent(3);
        long bookingId = bookingId();
        held(new ClaimRequest(eventId, bookingId, "grace", 1, ClaimKind.RESERVE, CREATED_AT, null));

        assertThat(seats.release(eventId, "mallory", bookingId)).isFalse();

        assertThat(holders(eventId).readAllMap()).containsOnlyKeys("grace");
        assertThat(seats.pendingClaim(bookingId)).isPresent();
    }

    @Test
    void confirmingAHoldKeepsTheSeatAndForgetsThePendingRecord() {
        long eventId = loadedEvent(3);
        long bookingId = bookingId();
        held(new ClaimRequest(eventId, bookingId, "heidi", 1, ClaimKind.RESERVE, CREATED_AT, null));

        confirm(eventId, "heidi", bookingId);

        assertThat(seats.pendingClaim(bookingId)).isEmpty();
        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("heidi", bookingId + ":1"));
    }

    @Test
    void aConfirmedBookingWhoseHoldWasGivenBackHoldsItsSeatAgain() {
        long eventId = loadedEvent(3);
        long bookingId = bookingId();
        held(new ClaimRequest(eventId, bookingId, "ivan", 1, ClaimKind.RESERVE, CREATED_AT, null));
        // booking-service gave the hold back when RabbitMQ's confirm never came, yet the command was stored
        seats.release(eventId, "ivan", bookingId);

        confirm(eventId, "ivan", bookingId);

        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("ivan", bookingId + ":1"));
    }

    @Test
    void confirmingForAnEventThatIsNotLoadedLeavesItToTheRebuild() {
        long eventId = redisOnlyEventId();

        confirm(eventId, "judy", bookingId());

        assertThat(seats.isLoaded(eventId)).isFalse();
        assertThat(holders(eventId).isExists()).isFalse();
    }

    @Test
    void loadReplacesTheHoldersInChunksAndMarksTheEventLoaded() {
        long eventId = redisOnlyEventId();
        holders(eventId).put("stale-user", "1");
        List<SeatHolder> holders = IntStream.range(0, 2500).mapToObj(i -> new SeatHolder("user-" + i, 10_000L + i, 1)).toList();

        seats.load(eventId, 3000, EventSettings.DEFAULTS, holders);

        assertThat(seats.isLoaded(eventId)).isTrue();
        assertThat(capacity(eventId).get()).isEqualTo("3000");
        Map<String, String> loaded = holders(eventId).readAllMap();
        assertThat(loaded).hasSize(2500).doesNotContainKey("stale-user").containsEntry("user-2499", "12499:1");
    }

    @Test
    void loadWithoutHoldersLeavesAnEmptyEvent() {
        long eventId = redisOnlyEventId();
        holders(eventId).put("stale-user", "1");

        seats.load(eventId, 1, EventSettings.DEFAULTS, List.of());

        assertThat(holders(eventId).isExists()).isFalse();
        assertThat(held(new ClaimRequest(eventId, bookingId(), "ivan", 1, ClaimKind.RESERVE, CREATED_AT, null)))
                .map(ClaimResponse::result).contains(ClaimResult.HELD);
    }

    @Test
    void aScriptRedisDoesNotKnowIsLoadedAndRunOnTheFirstCall() throws Exception {
        // a script no Redis has seen stands for one that a Redis restart or SCRIPT FLUSH made it forget
        String source = "return 'seen " + UUID.randomUUID() + "'";
        String sha = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        RScript redisScripts = redisson.getScript(StringCodec.INSTANCE);
        assertThat(redisScripts.scriptExists(sha)).containsExactly(false);

        String reply = new LuaScript(redisson, source).call(ReturnType.STRING, List.of(keys.eventCapacity(1)));

        assertThat(reply).isEqualTo(source.substring("return '".length(), source.length() - 1));
        assertThat(redisScripts.scriptExists(sha)).containsExactly(true);
    }

    @Test
    void aMissingScriptFailsAtStartUp() {
        assertThatExceptionOfType(UncheckedIOException.class)
                .isThrownBy(() -> LuaScript.fromClasspath(redisson, "scripts/no-such-script.lua"))
                .withMessageContaining("no-such-script.lua");
    }

    private Optional<ClaimResponse> held(ClaimRequest request) {
        return seats.claimAll(List.of(request)).get(0);
    }

    private Duration pendingTtl(long bookingId) {
        return Duration.ofMillis(redisson.getMap(keys.pendingHold(bookingId)).remainTimeToLive());
    }

    private void confirm(long eventId, String userId, long bookingId) {
        seats.apply(List.of(outcome(eventId, userId, bookingId, BookingStatus.CONFIRMED)));
    }

    private static BookingOutcome outcome(long eventId, String userId, long bookingId, BookingStatus status) {
        return new BookingOutcome(bookingId, eventId, userId, 1, status, null, CREATED_AT, null);
    }

    private long loadedEvent(int capacity) {
        long eventId = redisOnlyEventId();
        seats.load(eventId, capacity, EventSettings.DEFAULTS, List.of());
        return eventId;
    }

}
