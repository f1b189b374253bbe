package dev.seatbooking.cache.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.cache.PendingClaim;
import dev.seatbooking.common.cache.SeatSettings;
import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.event.EventStatus;
import dev.seatbooking.common.messaging.BookingOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The seat rules of the hold script with several seats per claim and the event's settings (seats
 * per user, sales window, status), the seats taken by every claim, an expired hold's seats taken
 * back, and an operator's change of capacity and settings; straight against Redis.
 */
class ClaimRulesTest extends CacheServiceTest {

    private static final EventSettings FOUR_PER_USER = new EventSettings(4, 120, null, null, EventStatus.ON_SALE, 900);

    @Autowired
    private SeatState seats;

    @Autowired
    private MeterRegistry meters;

    @Test
    void aClaimTakesItsSeatsAndAnswersTheHoldLifetime() {
        long eventId = event(5, FOUR_PER_USER);
        long id = bookingId();

        assertThat(claim(eventId, id, "ann", 3, ClaimKind.HOLD))
                .contains(new ClaimResponse(ClaimResult.HELD, id, 120, null, null));

        assertThat(holders(eventId).readAllMap()).isEqualTo(Map.of("ann", id + ":3"));
        assertThat(taken(eventId)).isEqualTo(3);
        assertThat(seats.pendingClaim(id)).hasValueSatisfying(pending -> {
            assertThat(pending.quantity()).isEqualTo(3);
            assertThat(pending.kind()).isEqualTo(ClaimKind.HOLD);
            assertThat(pending.expiresAt()).isEqualTo(pending.createdAt().plusSeconds(120));
        });
    }

    @Test
    void fewerSeatsLeftThanAskedForSaysHowManyAndTakesNothing() {
        long eventId = event(5, FOUR_PER_USER);
        claim(eventId, bookingId(), "ann", 4, ClaimKind.HOLD);

        assertThat(claim(eventId, bookingId(), "ben", 2, ClaimKind.HOLD))
                .contains(new ClaimResponse(ClaimResult.NOT_ENOUGH_SEATS, null, null, 1, null));
        assertThat(claim(eventId, bookingId(), "cy", 1, ClaimKind.RESERVE)).map(ClaimResponse::result)
                .contains(ClaimResult.HELD);
        assertThat(claim(eventId, bookingId(), "dee", 1, ClaimKind.HOLD)).map(ClaimResponse::result)
                .contains(ClaimResult.SOLD_OUT);
        assertThat(taken(eventId)).isEqualTo(5);
    }

    @Test
    void moreSeatsThanOneUserMayHaveIsRefusedBeforeAnythingElse() {
        long eventId = event(10, FOUR_PER_USER);
        long first = bookingId();
        claim(eventId, first, "ann", 1, ClaimKind.HOLD);

        assertThat(claim(eventId, bookingId(), "ann", 5, ClaimKind.HOLD))
                .contains(new ClaimResponse(ClaimResult.LIMIT_EXCEEDED, null, null, null, 4));
        assertThat(claim(eventId, bookingId(), "ann", 2, ClaimKind.HOLD))
                .contains(new ClaimResponse(ClaimResult.ALREADY_BOOKED, first, null, null, null));
        assertThat(claim(event(10, EventSettings.DEFAULTS), bookingId(), "ben", 2, ClaimKind.RESERVE))
                .map(ClaimResponse::result).contains(ClaimResult.LIMIT_EXCEEDED);
    }

    @Test
    void salesOutsideTheWindowOrWhileNotOnSaleAreRefused() {
        Instant now = Instant.now();
        long notYet = event(5, new EventSettings(1, 60, now.plusSeconds(3600), null, EventStatus.ON_SALE, 900));
        long over = event(5, new EventSettings(1, 60, null, now.minusSeconds(1), EventStatus.ON_SALE, 900));
        long open = event(5, new EventSettings(1, 60, now.minusSeconds(60), now.plusSeconds(3600), EventStatus.ON_SALE, 900));
        long paused = event(5, new EventSettings(1, 60, null, null, EventStatus.PAUSED, 900));
        long closed = event(5, new EventSettings(1, 60, null, null, EventStatus.CLOSED, 900));

        assertThat(result(notYet, ClaimKind.HOLD)).isEqualTo(ClaimResult.SALES_NOT_OPEN);
        assertThat(result(over, ClaimKind.RESERVE)).isEqualTo(ClaimResult.SALES_CLOSED);
        assertThat(result(open, ClaimKind.RESERVE)).isEqualTo(ClaimResult.HELD);
        assertThat(result(paused, ClaimKind.HOLD)).isEqualTo(ClaimResult.SALES_NOT_OPEN);
        assertThat(result(closed, ClaimKind.HOLD)).isEqualTo(ClaimResult.SALES_CLOSED);
        assertThat(taken(notYet) + taken(over) + taken(paused) + taken(closed)).isZero();
    }

    @Test
    void anExpiredHoldsSeatsAreTakenBackForItsConfirmationOnlyWhileFreeAndWhateverTheWindow() {
        long eventId = event(2, new EventSettings(2, 60, null, null, EventStatus.CLOSED, 900));
        long expired = bookingId();
        assertThat(claim(eventId, expired, "ann", 2, ClaimKind.RETAKE)).map(ClaimResponse::result)
                .contains(ClaimResult.HELD);
        long other = bookingId();
        seats.apply(List.of(outcome(eventId, "ann", expired, 2, BookingStatus.EXPIRED)));

        assertThat(claim(eventId, other, "ben", 1, ClaimKind.RETAKE)).map(ClaimResponse::result)
                .as("still in flight, so the expiry left it alone").contains(ClaimResult.SOLD_OUT);
        assertThat(taken(eventId)).isEqualTo(2);
    }

    @Test
    void aHoldStillHoldingItsSeatsKeepsThemThroughAnExpiryWhileItsConfirmationIsInFlight() {
        long eventId = event(2, FOUR_PER_USER);
        long hold = bookingId();
        claim(eventId, hold, "ann", 2, ClaimKind.HOLD);
        seats.apply(List.of(outcome(eventId, "ann", hold, 2, BookingStatus.HELD)));
        assertThat(seats.pendingClaim(hold)).as("committed: no longer in flight").isEmpty();

        assertThat(claim(eventId, hold, "ann", 2, ClaimKind.RETAKE)).map(ClaimResponse::result)
                .contains(ClaimResult.HELD);
        assertThat(seats.pendingClaim(hold)).map(PendingClaim::kind).contains(ClaimKind.RETAKE);
        seats.apply(List.of(outcome(eventId, "ann", hold, 2, BookingStatus.EXPIRED)));
        assertThat(taken(eventId)).as("the expiry landed while the confirmation was in flight").isEqualTo(2);

        // a confirmation that was not sent after all: no longer in flight, the seats stay, the next expiry frees them
        seats.landed(hold);
        assertThat(taken(eventId)).isEqualTo(2);
        seats.apply(List.of(outcome(eventId, "ann", hold, 2, BookingStatus.EXPIRED)));
        assertThat(taken(eventId)).isZero();
        assertThat(holders(eventId).isExists()).isFalse();
    }

    @Test
    void anExpiryFreesTheSeatsOnceAndIsMeasured() {
        long eventId = event(3, FOUR_PER_USER);
        long hold = bookingId();
        claim(eventId, hold, "ann", 3, ClaimKind.HOLD);
        seats.apply(List.of(outcome(eventId, "ann", hold, 3, BookingStatus.HELD)));
        double measured = meters.get("booking.holds.expiry.lag").timer().count();

        BookingOutcome expiry = new BookingOutcome(hold, eventId, "ann", 3, BookingStatus.EXPIRED, null, now(),
                Instant.now().minusMillis(300));
        seats.apply(List.of(expiry));
        seats.apply(List.of(expiry));

        assertThat(holders(eventId).isExists()).isFalse();
        assertThat(taken(eventId)).isZero();
        assertThat(meters.get("booking.holds.expiry.lag").timer().count() - measured).as("the repeat freed nothing")
                .isEqualTo(1);
        assertThat(meters.get("booking.holds.expiry.lag").timer().max(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(300);
    }

    @Test
    void aCommittedClaimOfSeveralSeatsKeepsThemAndAReleaseGivesThemAllBack() {
        long eventId = event(5, FOUR_PER_USER);
        long hold = bookingId();
        claim(eventId, hold, "ann", 4, ClaimKind.HOLD);
        seats.apply(List.of(outcome(eventId, "ann", hold, 4, BookingStatus.CONFIRMED)));
        seats.apply(List.of(outcome(eventId, "ann", hold, 4, BookingStatus.CONFIRMED)));
        assertThat(taken(eventId)).isEqualTo(4);
        assertThat(seats.pendingClaim(hold)).isEmpty();

        assertThat(seats.release(eventId, "ann", hold)).isTrue();

        assertThat(taken(eventId)).isZero();
        assertThat(claim(eventId, bookingId(), "ben", 4, ClaimKind.HOLD)).map(ClaimResponse::result)
                .contains(ClaimResult.HELD);
    }

    @Test
    void aCapacityBelowTheSeatsTakenIsRefusedAndAnotherIsAppliedWithTheSettings() {
        long eventId = event(10, FOUR_PER_USER);
        claim(eventId, bookingId(), "ann", 4, ClaimKind.HOLD);
        claim(eventId, bookingId(), "ben", 3, ClaimKind.HOLD);

        assertThat(seats.applySettings(eventId, new SeatSettings(6, FOUR_PER_USER, null))).isEqualTo(SeatState.SettingsResult.CAPACITY_BELOW_SOLD);
        assertThat(capacity(eventId).get()).isEqualTo("10");
        assertThat(seats.applySettings(eventId, new SeatSettings(7, new EventSettings(2, 30, null, null, EventStatus.PAUSED, 900), null)))
                .isEqualTo(SeatState.SettingsResult.APPLIED);

        assertThat(capacity(eventId).get()).isEqualTo("7");
        assertThat(result(eventId, ClaimKind.HOLD)).isEqualTo(ClaimResult.SALES_NOT_OPEN);
        assertThat(seats.applySettings(redisOnlyEventId(), new SeatSettings(7, FOUR_PER_USER, null)))
                .isEqualTo(SeatState.SettingsResult.NOT_LOADED);
    }

    @Test
    void raisedCapacityGivesTheWaitingListsOffersTheirSeatsInTheSameStep() {
        long eventId = event(2, FOUR_PER_USER);
        claim(eventId, bookingId(), "ann", 2, ClaimKind.HOLD);
        long offer = bookingId();
        long replaced = bookingId();
        // a claim of the offer's user still in flight in Redis loses its seats to the committed offer
        claim(eventId, replaced, "cy", 1, ClaimKind.HOLD);

        assertThat(seats.applySettings(eventId, new SeatSettings(5, FOUR_PER_USER,
                List.of(new SeatHolder("ben", offer, 2), new SeatHolder("cy", offer + 1, 1)))))
                .isEqualTo(SeatState.SettingsResult.APPLIED);

        assertThat(holders(eventId).readAllMap()).containsEntry("ben", offer + ":2").containsEntry("cy", (offer + 1) + ":1");
        assertThat(taken(eventId)).isEqualTo(5);
        assertThat(result(eventId, ClaimKind.HOLD)).isEqualTo(ClaimResult.SOLD_OUT);
    }

    @Test
    void offersAheadOfTheEndsThatFreedTheirSeatsAreAppliedInOneStep() {
        long eventId = event(2, FOUR_PER_USER);
        long cancelled = bookingId();
        long offer = bookingId();
        claim(eventId, cancelled, "ann", 2, ClaimKind.RESERVE);
        seats.apply(List.of(outcome(eventId, "ann", cancelled, 2, BookingStatus.CONFIRMED)));

        seats.apply(List.of(outcome(eventId, "ben", offer, 2, BookingStatus.HELD),
                outcome(eventId, "ann", cancelled, 2, BookingStatus.CANCELLED)));

        assertThat(holders(eventId).readAllMap()).isEqualTo(Map.of("ben", offer + ":2"));
        assertThat(taken(eventId)).isEqualTo(2);
    }

    private long event(int capacity, EventSettings settings) {
        long eventId = redisOnlyEventId();
        seats.load(eventId, capacity, settings, List.of());
        return eventId;
    }

    private Optional<ClaimResponse> claim(long eventId, long id, String userId, int quantity, ClaimKind kind) {
        return seats.claimAll(List.of(new ClaimRequest(eventId, id, userId, quantity, kind, now(), null))).get(0);
    }

    private ClaimResult result(long eventId, ClaimKind kind) {
        return claim(eventId, bookingId(), "u-" + bookingId(), 1, kind).orElseThrow().result();
    }

    private long taken(long eventId) {
        String taken = redisson.<String>getBucket(keys.eventTaken(eventId), StringCodec.INSTANCE).get();
        return taken == null ? 0 : Long.parseLong(taken);
    }

    private static BookingOutcome outcome(long eventId, String userId, long id, int quantity, BookingStatus status) {
        return new BookingOutcome(id, eventId, userId, quantity, status, null, now(), now().plus(Duration.ofMinutes(2)));
    }
}
