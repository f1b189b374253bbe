package dev.seatbooking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A hold's life in PostgreSQL: stored HELD with its seats counted as held, then ended once,
 * CONFIRMED, RELEASED or EXPIRED, its seats moving in the same transaction; every other end of the
 * same hold, late or racing, changes nothing, except that an expired hold may still be confirmed
 * while its seats fit.
 */
class HoldLifecycleTest extends WorkerIntegrationTest {

    private static final Duration MINUTES = Duration.ofMinutes(10);

    @Autowired
    private BookingManager manager;

    @Test
    void aHoldIsStoredHeldAndItsSeatsCountAsHeld() {
        long event = newEvent(5);
        BookingCommand hold = newHold(event, newUser(), 3, MINUTES);

        assertThat(outcome(manager.process(List.of(hold), false).get(0)).status()).isEqualTo(BookingStatus.HELD);

        assertThat(heldSeats(event)).isEqualTo(3);
        assertThat(bookedSeats(event)).isZero();
        assertThat(audit(hold.bookingId())).containsExactly("HELD");
    }

    @Test
    void aConfirmTurnsHeldSeatsIntoBookedOnesOnceAndNeverForSomeoneElse() {
        long event = newEvent(5);
        BookingCommand hold = held(event, 2, MINUTES);

        assertThat(end(new HoldCommand.Confirm(hold.bookingId(), "not-" + hold.userId())).reason())
                .isEqualTo("HOLD_NOT_FOUND");
        assertThat(end(new HoldCommand.Confirm(hold.bookingId(), hold.userId())).status())
                .isEqualTo(BookingStatus.CONFIRMED);
        assertThat(end(new HoldCommand.Confirm(hold.bookingId(), hold.userId())).status())
                .as("again: the same booking").isEqualTo(BookingStatus.CONFIRMED);

        assertThat(bookedSeats(event)).isEqualTo(2);
        assertThat(heldSeats(event)).isZero();
        assertThat(audit(hold.bookingId())).containsExactly("HELD", "BOOKED");
    }

    @Test
    void aReleaseGivesTheSeatsBackOnceAndCannotBeUndoneByAConfirm() {
        long event = newEvent(5);
        BookingCommand hold = held(event, 2, MINUTES);

        assertThat(end(new HoldCommand.Release(hold.bookingId(), hold.userId())).status()).isEqualTo(BookingStatus.RELEASED);
        assertThat(end(new HoldCommand.Release(hold.bookingId(), hold.userId())).status()).isEqualTo(BookingStatus.RELEASED);
        assertThat(end(new HoldCommand.Confirm(hold.bookingId(), hold.userId())).status())
                .isEqualTo(BookingStatus.RELEASED);

        assertThat(heldSeats(event)).isZero();
        assertThat(bookedSeats(event)).isZero();
    }

    @Test
    void anExpiryAppliesOnlyOnceItIsDueAndALateOneFreesNothingOfAConfirmedHold() {
        long event = newEvent(5);
        BookingCommand notDue = held(event, 1, MINUTES);
        BookingCommand due = held(event, 2, Duration.ofMillis(1));
        BookingCommand confirmedFirst = held(event, 1, Duration.ofMillis(1));
        end(new HoldCommand.Confirm(confirmedFirst.bookingId(), confirmedFirst.userId()));

        assertThat(end(new HoldCommand.Expire(notDue.bookingId())).status()).isEqualTo(BookingStatus.HELD);
        assertThat(end(new HoldCommand.Expire(due.bookingId())).status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(end(new HoldCommand.Expire(due.bookingId())).status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(end(new HoldCommand.Expire(confirmedFirst.bookingId())).status()).isEqualTo(BookingStatus.CONFIRMED);

        assertThat(heldSeats(event)).isEqualTo(1);
        assertThat(bookedSeats(event)).isEqualTo(1);
        assertThat(audit(due.bookingId())).containsExactly("HELD", "EXPIRED");
    }

    @Test
    void aRunOfExpiriesExpiresEachDueHoldOnceAndNothingElse() {
        long event = newEvent(10);
        BookingCommand notDue = held(event, 1, MINUTES);
        BookingCommand due = held(event, 2, Duration.ofMillis(1));
        BookingCommand alsoDue = held(event, 1, Duration.ofMillis(1));
        BookingCommand confirmedFirst = held(event, 1, Duration.ofMillis(1));
        end(new HoldCommand.Confirm(confirmedFirst.bookingId(), confirmedFirst.userId()));

        List<BookingStatus> statuses = manager.process(List.of(new HoldCommand.Expire(due.bookingId()),
                        new HoldCommand.Expire(notDue.bookingId()), new HoldCommand.Expire(confirmedFirst.bookingId()),
                        new HoldCommand.Expire(due.bookingId()), new HoldCommand.Expire(alsoDue.bookingId())), false)
                .stream().map(verdict -> outcome(verdict).status()).toList();

        assertThat(statuses).containsExactly(BookingStatus.EXPIRED, BookingStatus.HELD, BookingStatus.CONFIRMED,
                BookingStatus.EXPIRED, BookingStatus.EXPIRED);
        assertThat(heldSeats(event)).isEqualTo(1);
        assertThat(bookedSeats(event)).isEqualTo(1);
        assertThat(audit(due.bookingId())).containsExactly("HELD", "EXPIRED");
        assertThat(audit(alsoDue.bookingId())).containsExactly("HELD", "EXPIRED");
    }

    @Test
    void anExpiredHoldIsStillConfirmedButOnlyWhileItsSeatsFit() {
        long event = newEvent(3);
        BookingCommand expired = held(event, 2, Duration.ofMillis(1));
        end(new HoldCommand.Expire(expired.bookingId()));
        BookingCommand later = held(event, 2, MINUTES);

        BookingOutcome full = end(new HoldCommand.Confirm(expired.bookingId(), expired.userId()));
        assertThat(full.status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(full.reason()).isEqualTo("SOLD_OUT");

        end(new HoldCommand.Release(later.bookingId(), later.userId()));
        assertThat(end(new HoldCommand.Confirm(expired.bookingId(), expired.userId())).status())
                .isEqualTo(BookingStatus.CONFIRMED);
        assertThat(bookedSeats(event)).isEqualTo(2);
        assertThat(heldSeats(event)).isZero();
        assertThat(audit(expired.bookingId())).containsExactly("HELD", "EXPIRED", "BOOKED");
    }

    @Test
    void aConfirmRacingAnExpiryAndAReleaseEndsTheHoldWithTheSeatsCountedOnce() throws Exception {
        long event = newEvent(100);
        List<BookingCommand> holds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            holds.add(held(event, 2, Duration.ofMillis(1)));
        }
        for (BookingCommand hold : holds) {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<BookingOutcome>> ends = List.of(
                    racing(start, new HoldCommand.Confirm(hold.bookingId(), hold.userId())),
                    racing(start, new HoldCommand.Expire(hold.bookingId())),
                    racing(start, new HoldCommand.Release(hold.bookingId(), hold.userId())));
            start.countDown();
            List<BookingStatus> answers = ends.stream().map(CompletableFuture::join).map(BookingOutcome::status).toList();
            // a release and a confirm never both happen; an expiry may come first and the confirm still win
            assertThat(answers).as("hold %d", hold.bookingId()).doesNotContain(BookingStatus.HELD);
            if (answers.contains(BookingStatus.RELEASED)) {
                assertThat(answers).as("hold %d", hold.bookingId()).containsOnly(BookingStatus.RELEASED);
            }
            List<String> audit = audit(hold.bookingId());
            assertThat(audit).as("hold %d", hold.bookingId()).isIn(List.of("HELD", "BOOKED"), List.of("HELD", "RELEASED"),
                    List.of("HELD", "EXPIRED"), List.of("HELD", "EXPIRED", "BOOKED"));
        }
        int confirmed = jdbc.queryForObject("SELECT coalesce(sum(quantity), 0) FROM bookings WHERE event_id = ? "
                + "AND status = 'CONFIRMED'", Integer.class, event);
        assertThat(bookedSeats(event)).isEqualTo(confirmed);
        assertThat(heldSeats(event)).isZero();
    }

    @Test
    void aRunOfHoldEndsIsCommittedTogetherAndARefusedOneDoesNotTakeTheOthersWithIt() {
        long event = newEvent(5);
        BookingCommand noRoom = held(event, 2, Duration.ofMillis(1));
        end(new HoldCommand.Expire(noRoom.bookingId()));
        held(event, 2, MINUTES);
        BookingCommand due = held(event, 1, Duration.ofMillis(1));
        BookingCommand confirmed = held(event, 2, MINUTES);

        // the expired hold's two seats do not fit even after the run (2 + 2 + 2 of 5): the run is
        // refused as a whole, then each of its commands gets its own verdict
        List<BookingStatus> statuses = manager.process(List.of(new HoldCommand.Confirm(noRoom.bookingId(), noRoom.userId()),
                        new HoldCommand.Expire(due.bookingId()), new HoldCommand.Confirm(confirmed.bookingId(), confirmed.userId()),
                        new HoldCommand.Release(confirmed.bookingId(), "not-" + confirmed.userId())), false)
                .stream().map(verdict -> outcome(verdict).status()).toList();

        assertThat(statuses).containsExactly(BookingStatus.EXPIRED, BookingStatus.EXPIRED, BookingStatus.CONFIRMED,
                BookingStatus.REJECTED);
        assertThat(bookedSeats(event)).isEqualTo(2);
        assertThat(heldSeats(event)).isEqualTo(2);

        // a run that fits is one transaction, judged by where it ends: the expiry makes room for the
        // confirm of the hold that expired earlier
        BookingCommand first = held(event, 1, Duration.ofMillis(1));
        assertThat(manager.process(List.of(new HoldCommand.Confirm(due.bookingId(), due.userId()),
                new HoldCommand.Expire(first.bookingId())), false))
                .extracting(verdict -> outcome(verdict).status()).containsExactly(BookingStatus.CONFIRMED, BookingStatus.EXPIRED);
        assertThat(bookedSeats(event)).isEqualTo(3);
        assertThat(heldSeats(event)).isEqualTo(2);
    }

    private CompletableFuture<BookingOutcome> racing(CountDownLatch start, HoldCommand command) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return end(command);
        });
    }

    private BookingCommand held(long event, int quantity, Duration lifetime) {
        BookingCommand hold = newHold(event, newUser(), quantity, lifetime);
        manager.process(List.of(hold), false);
        return hold;
    }

    private BookingOutcome end(HoldCommand command) {
        return outcome(manager.process(List.of(command), false).get(0));
    }

    private static BookingOutcome outcome(Verdict verdict) {
        return ((Verdict.Answered) verdict).outcome();
    }
}
