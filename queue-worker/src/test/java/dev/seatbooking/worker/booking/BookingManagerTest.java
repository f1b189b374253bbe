package dev.seatbooking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import dev.seatbooking.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class BookingManagerTest extends WorkerIntegrationTest {

    @Autowired
    private BookingManager manager;

    @Autowired
    private BookingRepository bookings;

    @Test
    void flywayCreatedTheSchemaWithItsGuards() {
        assertThat(jdbc.queryForList("SELECT success FROM flyway_schema_history WHERE version IN ('1', '2')",
                Boolean.class)).containsExactly(true, true);
        assertThat(jdbc.queryForList("SELECT conname FROM pg_constraint WHERE conrelid IN ('bookings'::regclass, "
                + "'events'::regclass)", String.class))
                .contains("events_seats_within_capacity", "events_sales_window", "bookings_idempotency_key_key",
                        "bookings_pkey", "bookings_event_id_fkey", "bookings_hold_expires", "bookings_status_check");
        assertThat(jdbc.queryForObject("SELECT indisunique FROM pg_index WHERE indexrelid = "
                + "'bookings_one_live_per_user'::regclass", Boolean.class)).isTrue();
    }

    @Test
    void aBatchConfirmsEveryBookingAndMovesEachEventsCounterByItsShare() {
        long first = newEvent(10);
        long second = newEvent(10);
        List<BookingCommand> commands = List.of(newBooking(second, newUser()), newBooking(first, newUser()),
                newBooking(second, newUser()));

        List<Verdict> verdicts = manager.process(commands, true);

        assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict).isInstanceOfSatisfying(Verdict.Answered.class,
                answered -> {
                    assertThat(answered.outcome().status()).isEqualTo(BookingStatus.CONFIRMED);
                    assertThat(answered.announce()).isTrue();
                }));
        assertThat(verdicts).extracting(verdict -> ((Verdict.Answered) verdict).outcome())
                .containsExactly(confirmed(commands.get(0)), confirmed(commands.get(1)), confirmed(commands.get(2)));
        assertThat(bookedSeats(first)).isEqualTo(1);
        assertThat(bookedSeats(second)).isEqualTo(2);
        assertThat(audit(commands.get(0).bookingId())).containsExactly("BOOKED");
        Booking stored = bookings.findById(commands.get(1).bookingId()).orElseThrow();
        assertThat(stored.getUserId()).isEqualTo(commands.get(1).userId());
        assertThat(stored.getCreatedAt()).isEqualTo(commands.get(1).createdAt());
    }

    @Test
    void aRedeliveredCommandIsAnsweredFromItsRowAndCountsNoSeat() {
        long event = newEvent(10);
        BookingCommand command = newBooking(event, newUser());
        manager.process(List.of(command), true);
        BookingCommand next = newBooking(event, newUser());

        List<Verdict> verdicts = manager.process(List.of(command, next), true);

        assertThat(verdicts).containsExactly(new Verdict.Answered(confirmed(command), true),
                new Verdict.Answered(confirmed(next), true));
        assertThat(bookingRows(event)).isEqualTo(2);
        assertThat(bookedSeats(event)).isEqualTo(2);
    }

    @Test
    void aStoredCommandNotFlaggedRedeliveredIsStillAnsweredFromItsRowAndCountsNoSeat() {
        long event = newEvent(10);
        BookingCommand command = newBooking(event, newUser());
        manager.process(List.of(command), false);
        BookingCommand next = newBooking(event, newUser());

        // the batch's insert meets the row, and the per-command path finds it
        List<Verdict> verdicts = manager.process(List.of(command, next), false);

        assertThat(verdicts).containsExactly(new Verdict.Answered(confirmed(command), true),
                new Verdict.Answered(confirmed(next), true));
        assertThat(bookingRows(event)).isEqualTo(2);
        assertThat(bookedSeats(event)).isEqualTo(2);
    }

    @Test
    void theSameCommandTwiceInOneBatchIsStoredOnce() {
        long event = newEvent(10);
        BookingCommand command = newBooking(event, newUser());

        List<Verdict> verdicts = manager.process(List.of(command, command), true);

        assertThat(verdicts).containsOnly(new Verdict.Answered(confirmed(command), true));
        assertThat(bookingRows(event)).isEqualTo(1);
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    @Test
    void aSecondLiveBookingOfTheUserIsStoredAsRejectedAlreadyBooked() {
        long event = newEvent(10);
        String user = newUser();
        BookingCommand first = newBooking(event, user);
        BookingCommand second = newBooking(event, user);

        List<Verdict> verdicts = manager.process(List.of(first, second), true);

        assertThat(verdicts).containsExactly(new Verdict.Answered(confirmed(first), true),
                new Verdict.Answered(rejected(second, "ALREADY_BOOKED"), true));
        assertThat(bookedSeats(event)).isEqualTo(1);
        assertThat(bookings.findById(second.bookingId()).orElseThrow().getStatus()).isEqualTo(BookingStatus.REJECTED);
        assertThat(audit(second.bookingId())).containsExactly("REJECTED:ALREADY_BOOKED");
    }

    @Test
    void theBookingBeyondCapacityIsRejectedSoldOut() {
        long event = newEvent(2);
        List<BookingCommand> commands = List.of(newBooking(event, newUser()), newBooking(event, newUser()),
                newBooking(event, newUser()));

        List<Verdict> verdicts = manager.process(commands, true);

        assertThat(verdicts).containsExactly(new Verdict.Answered(confirmed(commands.get(0)), true),
                new Verdict.Answered(confirmed(commands.get(1)), true),
                new Verdict.Answered(rejected(commands.get(2), "SOLD_OUT"), true));
        assertThat(bookedSeats(event)).isEqualTo(2);
        assertThat(bookingRows(event)).isEqualTo(3);
    }

    @Test
    void anIdempotencyKeyOfAnotherBookingIsRejectedAndLeftWithThatBooking() {
        long event = newEvent(10);
        String key = "key-" + newUser();
        BookingCommand first = newBooking(event, newUser(), key);
        BookingCommand reuse = newBooking(event, newUser(), key);

        List<Verdict> verdicts = manager.process(List.of(first, reuse), true);

        assertThat(verdicts).containsExactly(new Verdict.Answered(confirmed(first), true),
                new Verdict.Answered(rejected(reuse, "IDEMPOTENCY_KEY_REUSED"), true));
        assertThat(bookings.findById(first.bookingId()).orElseThrow().getIdempotencyKey()).isEqualTo(key);
        assertThat(bookings.findById(reuse.bookingId()).orElseThrow().getIdempotencyKey()).isNull();
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    @Test
    void aBookingForAMissingEventCanNeverSucceedAndDoesNotHoldUpTheOthers() {
        long event = newEvent(10);
        BookingCommand good = newBooking(event, newUser());
        BookingCommand missingEvent = newBooking(Long.MAX_VALUE, newUser());

        List<Verdict> verdicts = manager.process(List.of(missingEvent, good), true);

        assertThat(verdicts).containsExactly(
                new Verdict.Unprocessable(new BookingOutcome(missingEvent.bookingId(), Long.MAX_VALUE, missingEvent.userId(), 1, BookingStatus.REJECTED, "EVENT_NOT_FOUND", null, null)),
                new Verdict.Answered(confirmed(good), true));
        assertThat(bookings.existsById(missingEvent.bookingId())).isFalse();
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    @Test
    void aCommandTheSchemaRefusesIsInvalid() {
        long event = newEvent(10);
        BookingCommand noUser = newBooking(event, null);
        BookingCommand userTooLong = newBooking(event, "u".repeat(256));

        List<Verdict> verdicts = manager.process(List.of(noUser, userTooLong), true);

        assertThat(verdicts).extracting(verdict -> ((Verdict.Unprocessable) verdict).outcome().reason())
                .containsExactly("INVALID_COMMAND", "INVALID_COMMAND");
        assertThat(bookingRows(event)).isZero();
        assertThat(bookedSeats(event)).isZero();
    }

    @Test
    void aCancelFreesTheSeatOnceAndARepeatFindsItCancelled() {
        long event = newEvent(1);
        BookingCommand booking = newBooking(event, newUser());
        manager.process(List.of(booking), true);
        CancelCommand cancel = new CancelCommand(booking.bookingId(), booking.userId());

        Verdict first = manager.process(List.of(cancel), true).get(0);
        Verdict repeat = manager.process(List.of(cancel), true).get(0);

        BookingOutcome cancelled = new BookingOutcome(booking.bookingId(), event, booking.userId(), 1, BookingStatus.CANCELLED, null, booking.createdAt(), null);
        assertThat(first).isEqualTo(new Verdict.Answered(cancelled, true));
        assertThat(repeat).isEqualTo(new Verdict.Answered(cancelled, true));
        assertThat(bookedSeats(event)).isZero();
        assertThat(audit(booking.bookingId())).containsExactly("BOOKED", "CANCELLED");
        // the seat is free again, for anyone
        assertThat(manager.process(List.of(newBooking(event, newUser())), true).get(0))
                .isInstanceOfSatisfying(Verdict.Answered.class,
                        answered -> assertThat(answered.outcome().status()).isEqualTo(BookingStatus.CONFIRMED));
    }

    @Test
    void aCancelOfAnotherUsersOrAMissingBookingChangesNothingAndIsNotAnnounced() {
        long event = newEvent(10);
        BookingCommand booking = newBooking(event, newUser());
        manager.process(List.of(booking), true);
        long missing = booking.bookingId() + 1_000_000;

        List<Verdict> verdicts = manager.process(List.of(new CancelCommand(booking.bookingId(), "someone-else"),
                new CancelCommand(missing, booking.userId())), true);

        assertThat(verdicts).containsExactly(
                new Verdict.Answered(new BookingOutcome(booking.bookingId(), 0, "someone-else", 0, BookingStatus.REJECTED, "BOOKING_NOT_FOUND", null, null), false),
                new Verdict.Answered(new BookingOutcome(missing, 0, booking.userId(), 0, BookingStatus.REJECTED, "BOOKING_NOT_FOUND", null, null), false));
        assertThat(bookings.findById(booking.bookingId()).orElseThrow().getStatus()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    @Test
    void aRunOfCancelsCancelsEachOwnedLiveBookingOnceAndFreesItsSeatsOnce() {
        long event = newEvent(10);
        List<BookingCommand> booked = List.of(newBooking(event, newUser()), newBooking(event, newUser()),
                newBooking(event, newUser()));
        manager.process(booked, true);
        CancelCommand first = new CancelCommand(booked.get(0).bookingId(), booked.get(0).userId());
        CancelCommand third = new CancelCommand(booked.get(2).bookingId(), booked.get(2).userId());

        List<BookingStatus> statuses = manager.process(List.of(first,
                        new CancelCommand(booked.get(1).bookingId(), "someone-else"), first, third), true)
                .stream().map(verdict -> ((Verdict.Answered) verdict).outcome().status()).toList();

        assertThat(statuses).containsExactly(BookingStatus.CANCELLED, BookingStatus.REJECTED, BookingStatus.CANCELLED,
                BookingStatus.CANCELLED);
        assertThat(bookedSeats(event)).isEqualTo(1);
        assertThat(audit(first.bookingId())).containsExactly("BOOKED", "CANCELLED");
        assertThat(bookings.findById(booked.get(1).bookingId()).orElseThrow().getStatus()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void aCancelOfARejectedBookingAnswersItsState() {
        long event = newEvent(1);
        manager.process(List.of(newBooking(event, newUser())), true);
        BookingCommand soldOut = newBooking(event, newUser());
        manager.process(List.of(soldOut), true);

        Verdict verdict = manager.process(List.of(new CancelCommand(soldOut.bookingId(), soldOut.userId())), true).get(0);

        assertThat(verdict).isEqualTo(new Verdict.Answered(rejected(soldOut, "SOLD_OUT"), true));
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    @Test
    void commandsOfOneBatchApplyInTheirOrder() {
        long event = newEvent(10);
        String user = newUser();
        BookingCommand first = newBooking(event, user);
        BookingCommand again = newBooking(event, user);

        List<Verdict> verdicts = manager.process(List.of(first, new CancelCommand(first.bookingId(), user), again), true);

        assertThat(verdicts).extracting(verdict -> ((Verdict.Answered) verdict).outcome().status())
                .containsExactly(BookingStatus.CONFIRMED, BookingStatus.CANCELLED, BookingStatus.CONFIRMED);
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    @Test
    void aCancelThatWouldTakeTheCounterBelowZeroIsRefusedByTheCheck() {
        long event = newEvent(10);
        BookingCommand booking = newBooking(event, newUser());
        manager.process(List.of(booking), true);
        jdbc.update("UPDATE events SET booked_seats = 0 WHERE id = ?", event);

        Verdict verdict = manager.process(List.of(new CancelCommand(booking.bookingId(), booking.userId())), true).get(0);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Unprocessable.class,
                unprocessable -> assertThat(unprocessable.outcome().reason()).isEqualTo("INVALID_COMMAND"));
        assertThat(bookings.findById(booking.bookingId()).orElseThrow().getStatus()).isEqualTo(BookingStatus.CONFIRMED);
    }

    /**
     * The batch fails (no such event), then, one by one, the counter update of the next command
     * waits for a lock that the test holds until PostgreSQL cancels the statement: from there on
     * nothing is decided and nothing more is attempted.
     */
    @Test
    void oncePostgresFailsInTheMiddleTheRestIsLeftForLater() {
        long event = newEvent(10);
        BookingCommand missingEvent = newBooking(Long.MAX_VALUE, newUser());
        BookingCommand blocked = newBooking(event, newUser());
        BookingCommand after = newBooking(event, newUser());
        CancelCommand cancel = new CancelCommand(blocked.bookingId(), blocked.userId());

        // FOR NO KEY UPDATE lets the inserts check their foreign key but stops the counter's UPDATE
        List<Verdict> verdicts = whileLocked("SELECT 1 FROM events WHERE id = " + event + " FOR NO KEY UPDATE",
                List.of(missingEvent, blocked, after, cancel), "pg_cancel_backend");

        assertThat(verdicts.get(0)).isInstanceOf(Verdict.Unprocessable.class);
        assertThat(verdicts.subList(1, 4)).allSatisfy(verdict -> assertThat(verdict).isInstanceOf(Verdict.Retry.class));
        assertThat(bookingRows(event)).isZero();
        assertThat(bookedSeats(event)).isZero();
    }

    @Test
    void aCancelThatFailsForAnotherReasonThanTheCommandWaits() {
        long event = newEvent(10);
        BookingCommand booking = newBooking(event, newUser());
        manager.process(List.of(booking), true);

        List<Verdict> verdicts = whileLocked("SELECT 1 FROM bookings WHERE id = " + booking.bookingId() + " FOR UPDATE",
                List.of(new CancelCommand(booking.bookingId(), booking.userId())), "pg_cancel_backend");

        assertThat(verdicts).singleElement().isInstanceOf(Verdict.Retry.class);
        assertThat(bookings.findById(booking.bookingId()).orElseThrow().getStatus()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    /**
     * Two deliveries of one command at once: this one's batch fails early (a double booking sorted
     * ahead of it), and while it retries alone, the other delivery, still uncommitted, holds the id.
     * Once that commits, the primary key refuses this insert, and the next attempt reads the row.
     */
    @Test
    void aCommandCommittedMeanwhileByAnotherDeliveryIsAnsweredFromItsRow() {
        long firstEvent = newEvent(10);
        long event = newEvent(10);
        String user = newUser();
        manager.process(List.of(newBooking(firstEvent, user)), true);
        BookingCommand doubleBooking = newBooking(firstEvent, user);
        BookingCommand command = newBooking(event, newUser());
        String otherDelivery = "INSERT INTO bookings (id, event_id, user_id, quantity, origin, status, created_at, "
                + "updated_at) VALUES (" + command.bookingId() + ", " + event + ", '" + command.userId()
                + "', 1, 'RESERVE', 'CONFIRMED', '"
                + command.createdAt() + "', now()); UPDATE events SET booked_seats = booked_seats + 1 WHERE id = " + event;

        List<Verdict> verdicts = whileLocked(otherDelivery, List.of(command, doubleBooking), "commit");

        assertThat(verdicts).containsExactly(new Verdict.Answered(confirmed(command), true),
                new Verdict.Answered(rejected(doubleBooking, "ALREADY_BOOKED"), true));
        assertThat(bookingRows(event)).isEqualTo(1);
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    /**
     * Processes the commands while another transaction has run {@code sql} and keeps it open; once
     * the worker waits for that transaction's locks, the test either commits it ({@code "commit"})
     * or has PostgreSQL cancel the waiting statement ({@code "pg_cancel_backend"}).
     */
    private List<Verdict> whileLocked(String sql, List<?> commands, String release) {
        var props = TestInfrastructure.properties();
        try (Connection other = DriverManager.getConnection(props.get("spring.datasource.url"),
                props.get("spring.datasource.username"), props.get("spring.datasource.password"));
                Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute(sql);
            CompletableFuture<List<Verdict>> running = CompletableFuture.supplyAsync(() -> manager.process(commands, true));
            String waiting = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock'";
            await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList(waiting, Integer.class).isEmpty());
            if (release.equals("commit")) {
                other.commit();
            } else {
                jdbc.queryForList("SELECT pg_cancel_backend(pid) FROM (" + waiting + ") w", Boolean.class);
            }
            List<Verdict> verdicts = running.get(20, TimeUnit.SECONDS);
            other.rollback();
            return verdicts;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BookingOutcome confirmed(BookingCommand command) {
        return new BookingOutcome(command.bookingId(), command.eventId(), command.userId(), 1, BookingStatus.CONFIRMED, null, command.createdAt(), null);
    }

    private static BookingOutcome rejected(BookingCommand command, String reason) {
        return new BookingOutcome(command.bookingId(), command.eventId(), command.userId(), 1, BookingStatus.REJECTED, reason, command.createdAt(), null);
    }
}
