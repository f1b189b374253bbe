package dev.seatbooking.cache.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.seatbooking.common.event.EventSettings;
import org.junit.jupiter.api.Test;
import org.redisson.api.RLock;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** An event missing from Redis is loaded from PostgreSQL on its first hold. */
class RebuildTest extends CacheServiceTest {

    @Autowired
    private SeatState seats;

    @Autowired
    private SeatStateRebuilder rebuilder;

    @Autowired
    private RedisLossRecovery recovery;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private MeterRegistry meters;

    @Test
    void theFirstHoldLoadsLiveHoldersFromPostgresql() {
        long eventId = storedEvent("Rebuild", 5);
        assertThat(hold(eventId, "zed").result()).as("only Redis knows this hold").isEqualTo(ClaimResult.HELD);
        long anna = confirmedBooking(eventId, "anna");
        confirmedBooking(eventId, "ben");
        confirmedBooking(eventId, "cleo");
        cancel(confirmedBooking(eventId, "dan"));
        bookings.save(Booking.rejected(bookingId(), eventId, "eve", 1, null, null, now(), "SOLD_OUT"));
        forgetInRedis(eventId);
        double rebuildsBefore = rebuilds();

        assertThat(hold(eventId, "anna").result()).as("confirmed in PostgreSQL").isEqualTo(ClaimResult.ALREADY_BOOKED);
        assertThat(hold(eventId, "anna").bookingId()).isEqualTo(anna);
        assertThat(redisson.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).readAllMap())
                .as("PostgreSQL's live holders replace what Redis had")
                .containsOnlyKeys("anna", "ben", "cleo");
        assertThat(hold(eventId, "dan").result()).as("cancelled frees the seat").isEqualTo(ClaimResult.HELD);
        assertThat(hold(eventId, "eve").result()).as("rejected never held one").isEqualTo(ClaimResult.HELD);
        assertThat(hold(eventId, "fay").result()).isEqualTo(ClaimResult.SOLD_OUT);
        assertThat(rebuilds() - rebuildsBefore).isEqualTo(1);
    }

    @Test
    void aHoldForAnUnknownEventAnswersEventNotFoundAndWritesNothing() {
        long eventId = redisOnlyEventId();
        double notFoundBefore = holdCount(ClaimResult.EVENT_NOT_FOUND);

        assertThat(hold(eventId, "gus")).isEqualTo(new ClaimResponse(ClaimResult.EVENT_NOT_FOUND, null, null, null, null));

        assertThat(seats.isLoaded(eventId)).isFalse();
        assertThat(redisson.getKeys().countExists(keys.eventHolders(eventId))).isZero();
        assertThat(holdCount(ClaimResult.EVENT_NOT_FOUND) - notFoundBefore).isEqualTo(1);
    }

    @Test
    void anEventLoadedMeanwhileIsNotLoadedAgain() {
        long eventId = storedEvent("Loaded meanwhile", 3);
        // as if another instance had loaded it (with a hold PostgreSQL does not know yet) while we waited
        seats.load(eventId, 3, EventSettings.DEFAULTS, List.of(new SeatHolder("pending-user", 7, 1)));
        double rebuildsBefore = rebuilds();

        assertThat(rebuilder.rebuild(eventId)).isTrue();

        assertThat(redisson.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).readAllMap())
                .containsOnlyKeys("pending-user");
        assertThat(rebuilds()).isEqualTo(rebuildsBefore);
    }

    @Test
    void aRebuildThatCannotGetTheLockInTimeIsUnavailable() throws Exception {
        long eventId = storedEvent("Locked", 3);
        SeatStateRebuilder impatient = impatientRebuilder();
        RLock lock = redisson.getLock(keys.rebuildLock(eventId));
        lock.lock();
        try {
            // Redisson locks belong to a thread, so the rebuild must come from another one
            CompletableFuture<Boolean> rebuild = CompletableFuture.supplyAsync(() -> impatient.rebuild(eventId));

            assertThat(rebuild).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                    .havingRootCause().isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        } finally {
            lock.unlock();
        }
        assertThat(seats.isLoaded(eventId)).isFalse();
    }

    @Test
    void anInterruptedWaitForTheLockIsUnavailableAndKeepsTheInterrupt() throws Exception {
        long eventId = storedEvent("Interrupted", 3);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                rebuilder.rebuild(eventId);
                outcome.complete("rebuilt despite the interrupt");
            } catch (RuntimeException e) {
                outcome.complete(e.getClass().getSimpleName() + " " + (e instanceof ApiException api ? api.code() : "")
                        + " interrupted=" + Thread.currentThread().isInterrupted());
            }
        });
        RLock lock = redisson.getLock(keys.rebuildLock(eventId));
        lock.lock();
        try {
            waiter.start();
            // in the wait loop once it sleeps between two tries; the interrupt then mostly lands in such
            // a sleep, sometimes in one of the tries' Redis round trips: both are the interrupted wait
            // (the lock is ours, so the waiter never holds one that it would leave held)
            await().atMost(Duration.ofSeconds(3)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
            waiter.interrupt();

            assertThat(outcome).succeedsWithin(Duration.ofSeconds(3))
                    .isEqualTo("ApiException SERVICE_UNAVAILABLE interrupted=true");
        } finally {
            lock.unlock();
        }
        assertThat(seats.isLoaded(eventId)).isFalse();
    }

    private SeatStateRebuilder impatientRebuilder() {
        return new SeatStateRebuilder(redisson, keys, seats, recovery, events, bookings,
                new CacheProperties(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(200), Duration.ofHours(1)),
                new SimpleMeterRegistry());
    }


    private void cancel(long bookingId) {
        transactions.executeWithoutResult(tx -> bookings.cancelLive(List.of(bookingId), Instant.now()));
    }

    /** Only this event's keys under this run's prefix: as if Redis had lost them. */
    private void forgetInRedis(long eventId) {
        redisson.getKeys().delete(keys.eventCapacity(eventId), keys.eventHolders(eventId));
    }

    private double rebuilds() {
        return meters.get("booking.cache.rebuilds").counter().count();
    }

    private double holdCount(ClaimResult result) {
        return meters.get("booking.cache.holds").tag("result", result.name()).counter().count();
    }
}
