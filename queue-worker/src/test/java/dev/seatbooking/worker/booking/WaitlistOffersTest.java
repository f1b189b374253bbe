package dev.seatbooking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.worker.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The waiting list's offers, made by PostgreSQL (make_waitlist_offers() in V4) in the transaction
 * that gives seats back: in order, to the first entries whose quantity fits, each a HELD booking of
 * the event's offer TTL, announced before the end that freed its seats.
 */
class WaitlistOffersTest extends WorkerIntegrationTest {

    private static final Duration MINUTES = Duration.ofMinutes(10);

    @Autowired
    private BookingManager manager;

    @Autowired
    private MeterRegistry meters;

    @BeforeEach
    void offersTakeIdsAboveThoseOfTheTests() {
        // booking-service takes its ids from this sequence too; the tests here number their own
        jdbc.queryForObject("SELECT setval('booking_id_seq', greatest(1000000000, last_value)) FROM booking_id_seq",
                Long.class);
    }

    @Test
    void aCancelledBookingsSeatGoesToTheFirstWaitingEntryAndIsAnnouncedAheadOfTheCancel() {
        long event = newEvent(1);
        BookingCommand booking = newBooking(event, newUser());
        manager.process(List.of(booking), false);
        long first = waiting(event, "first", 1);
        long second = waiting(event, "second", 1);

        Verdict.Answered cancel = (Verdict.Answered) manager.process(
                List.of(new CancelCommand(booking.bookingId(), booking.userId())), false).get(0);

        assertThat(cancel.outcome().status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(cancel.offers()).singleElement().satisfies(offer -> {
            assertThat(offer.userId()).isEqualTo("first");
            assertThat(offer.status()).isEqualTo(BookingStatus.HELD);
            assertThat(offer.quantity()).isEqualTo(1);
            assertThat(Duration.between(offer.createdAt(), offer.expiresAt())).isEqualTo(Duration.ofSeconds(900));
            assertThat(offer.bookingId()).isEqualTo(holdOf(first));
        });
        assertThat(status(first)).isEqualTo("OFFERED");
        assertThat(status(second)).isEqualTo("WAITING");
        assertThat(heldSeats(event)).isEqualTo(1);
        assertThat(bookedSeats(event)).isZero();
        assertThat(meters.counter("booking.waitlist.offers", "cause", "cancel").count()).isPositive();
    }

    @Test
    void aRunOfCancelsIsOneTransactionWhoseOffersComeWithItsFirstVerdict() {
        long event = newEvent(2);
        BookingCommand first = newBooking(event, newUser());
        BookingCommand second = newBooking(event, newUser());
        manager.process(List.of(first, second), false);
        waiting(event, "one", 1);
        waiting(event, "two", 1);

        List<Verdict> verdicts = manager.process(List.of(new CancelCommand(second.bookingId(), second.userId()),
                new CancelCommand(first.bookingId(), "not-" + first.userId()),
                new CancelCommand(first.bookingId(), first.userId())), false);

        assertThat(verdicts).extracting(verdict -> ((Verdict.Answered) verdict).outcome().status())
                .containsExactly(BookingStatus.CANCELLED, BookingStatus.REJECTED, BookingStatus.CANCELLED);
        assertThat(((Verdict.Answered) verdicts.get(0)).offers()).extracting(BookingOutcome::userId)
                .containsExactly("one", "two");
        assertThat(verdicts.subList(1, 3)).allSatisfy(verdict -> assertThat(((Verdict.Answered) verdict).offers()).isEmpty());
        assertThat(heldSeats(event)).isEqualTo(2);
        assertThat(bookedSeats(event)).isZero();
    }

    @Test
    void aRedeliveredCancelOrExpiryAnnouncesTheOpenOffersAnEarlierDeliveryMadeOfItsSeats() {
        long event = newEvent(2);
        BookingCommand booking = newBooking(event, newUser());
        manager.process(List.of(booking), false);
        BookingCommand hold = held(event, 1, Duration.ofMillis(1));
        long first = waiting(event, "first", 1);
        long second = waiting(event, "second", 1);
        CancelCommand cancel = new CancelCommand(booking.bookingId(), booking.userId());
        HoldCommand.Expire expire = new HoldCommand.Expire(hold.bookingId());
        // committed, and then (say) the worker died before its outcomes were confirmed
        manager.process(List.of(cancel), false);
        manager.process(List.of(expire), false);

        Verdict.Answered cancelAgain = (Verdict.Answered) manager.process(List.of(cancel), true).get(0);
        Verdict.Answered expireAgain = (Verdict.Answered) manager.process(List.of(expire), true).get(0);

        assertThat(cancelAgain.outcome().status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(expireAgain.outcome().status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(List.of(cancelAgain, expireAgain)).allSatisfy(verdict -> assertThat(verdict.offers())
                .extracting(BookingOutcome::bookingId, BookingOutcome::status)
                .containsExactly(tuple(holdOf(first), BookingStatus.HELD), tuple(holdOf(second), BookingStatus.HELD)));
        // the same commands not redelivered: they made nothing, so they announce nothing
        assertThat(((Verdict.Answered) manager.process(List.of(cancel), false).get(0)).offers()).isEmpty();
        assertThat(((Verdict.Answered) manager.process(List.of(expire), false).get(0)).offers()).isEmpty();
        assertThat(heldSeats(event)).isEqualTo(2);
    }

    @Test
    void aRedeliveredCancelThatWasNotCommittedBeforeAnnouncesOnlyTheOffersItMakes() {
        long event = newEvent(2);
        BookingCommand first = newBooking(event, newUser());
        BookingCommand second = newBooking(event, newUser());
        manager.process(List.of(first, second), false);
        long one = waiting(event, "one", 1);
        long two = waiting(event, "two", 1);
        manager.process(List.of(new CancelCommand(first.bookingId(), first.userId())), false);

        // redelivered after an outage, say: nothing of it was committed, so its offers are all new
        Verdict.Answered cancel = (Verdict.Answered) manager.process(
                List.of(new CancelCommand(second.bookingId(), second.userId())), true).get(0);

        assertThat(cancel.outcome().status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(cancel.offers()).extracting(BookingOutcome::bookingId).containsExactly(holdOf(two));
        assertThat(status(one)).isEqualTo("OFFERED");
    }

    @Test
    void theFirstEntriesThatFitGetOffersAndLargerOnesWaitForEnoughSeats() {
        long event = newEvent(4);
        jdbc.update("UPDATE events SET max_per_user = 4 WHERE id = ?", event);
        BookingCommand hold = held(event, 3, MINUTES);
        long wantsThree = waiting(event, "wants-three", 3);
        long wantsTwo = waiting(event, "wants-two", 2);
        long wantsOne = waiting(event, "wants-one", 1);
        long wantsAnother = waiting(event, "wants-another", 1);

        List<BookingOutcome> offers = ((Verdict.Answered) manager.process(
                List.of(new HoldCommand.Release(hold.bookingId(), hold.userId())), false).get(0)).offers();

        // 4 seats free: the head (3) fits, then only the one-seat entry after the two-seat one
        assertThat(offers).extracting(BookingOutcome::userId).containsExactly("wants-three", "wants-one");
        assertThat(List.of(status(wantsThree), status(wantsTwo), status(wantsOne), status(wantsAnother)))
                .containsExactly("OFFERED", "WAITING", "OFFERED", "WAITING");
        assertThat(heldSeats(event)).isEqualTo(4);
    }

    @Test
    void anExpiredHoldsSeatsAreOfferedAndAnExpiredOfferMovesOnToTheNextEntry() {
        long event = newEvent(1);
        jdbc.update("UPDATE events SET waitlist_offer_ttl_seconds = 1 WHERE id = ?", event);
        BookingCommand hold = held(event, 1, Duration.ofMillis(1));
        long first = waiting(event, "first", 1);
        long second = waiting(event, "second", 1);

        List<BookingOutcome> offers = ((Verdict.Answered) manager.process(
                List.of(new HoldCommand.Expire(hold.bookingId())), false).get(0)).offers();
        assertThat(offers).extracting(BookingOutcome::userId).containsExactly("first");
        assertThat(meters.timer("booking.waitlist.offer.lag").count()).isPositive();

        jdbc.update("UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = ?", holdOf(first));
        List<BookingOutcome> next = ((Verdict.Answered) manager.process(
                List.of(new HoldCommand.Expire(holdOf(first))), false).get(0)).offers();

        assertThat(next).extracting(BookingOutcome::userId).containsExactly("second");
        assertThat(status(second)).isEqualTo("OFFERED");
        assertThat(heldSeats(event)).isEqualTo(1);
    }

    @Test
    void anEntryWhoseUserHoldsSeatsByNowIsPassedOverAndAnEntryLeftIsOfferedNothing() {
        long event = newEvent(2);
        jdbc.update("UPDATE events SET max_per_user = 2 WHERE id = ?", event);
        BookingCommand hold = held(event, 1, MINUTES);
        BookingCommand other = held(event, 1, MINUTES);
        long left = waiting(event, "gone", 1);
        jdbc.update("UPDATE waitlist_entries SET status = 'LEFT' WHERE id = ?", left);
        long holder = waiting(event, other.userId(), 1);
        long next = waiting(event, "next", 1);

        List<BookingOutcome> offers = ((Verdict.Answered) manager.process(
                List.of(new HoldCommand.Release(hold.bookingId(), hold.userId())), false).get(0)).offers();

        assertThat(offers).extracting(BookingOutcome::userId).containsExactly("next");
        assertThat(status(left)).isEqualTo("LEFT");
        assertThat(status(holder)).isEqualTo("WAITING");
    }

    @Test
    void noOfferIsMadeWhileTheEventIsPausedOrAConfirmGivesNothingBack() {
        long event = newEvent(1);
        BookingCommand hold = held(event, 1, MINUTES);
        long entry = waiting(event, "waiting", 1);

        assertThat(((Verdict.Answered) manager.process(
                List.of(new HoldCommand.Confirm(hold.bookingId(), hold.userId())), false).get(0)).offers()).isEmpty();
        jdbc.update("UPDATE events SET status = 'PAUSED' WHERE id = ?", event);
        assertThat(((Verdict.Answered) manager.process(
                List.of(new CancelCommand(hold.bookingId(), hold.userId())), false).get(0)).offers()).isEmpty();

        assertThat(status(entry)).isEqualTo("WAITING");
        assertThat(bookedSeats(event) + heldSeats(event)).isZero();
    }

    private long waiting(long event, String user, int quantity) {
        return jdbc.queryForObject("INSERT INTO waitlist_entries (event_id, user_id, quantity, status) "
                + "VALUES (?, ?, ?, 'WAITING') RETURNING id", Long.class, event, user, quantity);
    }

    private String status(long entry) {
        return jdbc.queryForObject("SELECT status FROM waitlist_entries WHERE id = ?", String.class, entry);
    }

    private long holdOf(long entry) {
        return jdbc.queryForObject("SELECT hold_id FROM waitlist_entries WHERE id = ?", Long.class, entry);
    }

    private BookingCommand held(long event, int quantity, Duration lifetime) {
        BookingCommand hold = newHold(event, newUser(), quantity, lifetime);
        manager.process(List.of(hold), false);
        return hold;
    }
}
