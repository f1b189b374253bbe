package dev.seatbooking.cache.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** Outcomes published the way queue-worker publishes them, on this run's outcome exchange. */
class OutcomeListenerTest extends CacheServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    private SeatState seats;

    @Autowired
    private RabbitTemplate rabbit;

    @Autowired
    private MessagingProperties messaging;

    @Test
    void aRejectedBookingGivesItsSeatBack() {
        long eventId = loadedEvent(1);
        long bookingId = held(eventId, "alice");

        publish(outcome(bookingId, eventId, "alice", BookingStatus.REJECTED));

        await().atMost(WAIT).until(() -> !holders(eventId).containsKey("alice"));
        assertThat(redisson.getKeys().countExists(keys.pendingHold(bookingId))).isZero();
        assertThat(hold(eventId, "bob").result()).isEqualTo(ClaimResult.HELD);
    }

    @Test
    void aCancelledBookingGivesItsSeatBackOnceEvenWhenTheOutcomeComesAgain() {
        long eventId = loadedEvent(2);
        long cancelled = held(eventId, "carol");
        BookingOutcome cancel = outcome(cancelled, eventId, "carol", BookingStatus.CANCELLED);

        publish(cancel);
        await().atMost(WAIT).until(() -> !holders(eventId).containsKey("carol"));
        long rebooked = held(eventId, "carol");
        publish(cancel);
        // outcomes are handled in order, so once this one is done the redelivered cancel was too
        long marker = held(eventId, "dave");
        publish(outcome(marker, eventId, "dave", BookingStatus.CONFIRMED));
        await().atMost(WAIT).until(() -> redisson.getKeys().countExists(keys.pendingHold(marker)) == 0);

        assertThat(holders(eventId).readAllMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("carol", rebooked + ":1", "dave", marker + ":1"));
    }

    @Test
    void aConfirmedBookingKeepsItsSeatAndDropsItsPendingRecord() {
        long eventId = loadedEvent(1);
        long bookingId = held(eventId, "erin");

        publish(outcome(bookingId, eventId, "erin", BookingStatus.CONFIRMED));

        await().atMost(WAIT).until(() -> redisson.getKeys().countExists(keys.pendingHold(bookingId)) == 0);
        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("erin", bookingId + ":1"));
    }

    @Test
    void anExpiryAnnouncedAfterTheHoldWasConfirmedAfterAllFreesNothing() {
        long eventId = storedEvent("Confirmed after expiry", 2);
        // PostgreSQL: the hold expired, then a confirm found its seats free, on another queue-worker
        long holdId = confirmedBooking(eventId, "ivy");
        long marker = held(eventId, "jack");
        assertThat(holders(eventId).readAllMap()).containsEntry("ivy", holdId + ":1");

        // and the expiry's outcome comes last
        publish(outcome(holdId, eventId, "ivy", BookingStatus.EXPIRED));
        publish(outcome(marker, eventId, "jack", BookingStatus.CANCELLED));
        await().atMost(WAIT).until(() -> !holders(eventId).containsKey("jack"));

        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("ivy", holdId + ":1"));
    }

    @Test
    void aPendingOutcomeChangesNothing() {
        long eventId = loadedEvent(1);
        long bookingId = held(eventId, "frank");

        publish(outcome(bookingId, eventId, "frank", BookingStatus.PENDING));
        long markerEvent = loadedEvent(1);
        long marker = held(markerEvent, "marker");
        publish(outcome(marker, markerEvent, "marker", BookingStatus.CONFIRMED));
        await().atMost(WAIT).until(() -> redisson.getKeys().countExists(keys.pendingHold(marker)) == 0);

        assertThat(holders(eventId).readAllMap()).containsExactly(Map.entry("frank", bookingId + ":1"));
        assertThat(redisson.getKeys().countExists(keys.pendingHold(bookingId))).isOne();
    }

    @Test
    void anOutcomeWithoutStatusOrUserIsSkippedAndTheRestOfItsBatchApplied() {
        long eventId = loadedEvent(2);
        long bookingId = held(eventId, "grace");
        long marker = held(eventId, "henry");

        publish(new BookingOutcome(bookingId, eventId, null, 1, BookingStatus.CANCELLED, null, Instant.now(), null),
                new BookingOutcome(bookingId, eventId, "grace", 1, null, null, Instant.now(), null),
                outcome(marker, eventId, "henry", BookingStatus.CANCELLED));

        await().atMost(WAIT).until(() -> !holders(eventId).containsKey("henry"));
        assertThat(holders(eventId).readAllMap()).containsOnlyKeys("grace");
    }

    /** As queue-worker announces a committed batch: one message for all its outcomes. */
    private void publish(BookingOutcome... outcomes) {
        rabbit.convertAndSend(messaging.outcomeExchange(), MessagingProperties.OUTCOMES_ROUTING_KEY,
                new BookingOutcomes(List.of(outcomes)));
    }

    private static BookingOutcome outcome(long bookingId, long eventId, String userId, BookingStatus status) {
        return new BookingOutcome(bookingId, eventId, userId, 1, status, status == BookingStatus.REJECTED ? "SOLD_OUT" : null,
                Instant.now(), status == BookingStatus.EXPIRED ? Instant.now() : null);
    }

    private long loadedEvent(int capacity) {
        long eventId = redisOnlyEventId();
        seats.load(eventId, capacity, EventSettings.DEFAULTS, List.of());
        return eventId;
    }

    private long held(long eventId, String userId) {
        ClaimResponse response = hold(eventId, userId);
        assertThat(response.result()).isEqualTo(ClaimResult.HELD);
        return response.bookingId();
    }
}
