package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.common.messaging.HoldExpiries;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import dev.seatbooking.worker.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A hold expires through RabbitMQ, not a timer of this process: committed, its expiry waits in the
 * expiry queue of its lifetime and comes back through the queue of due expiries, which queue-worker
 * consumes apart from its commands. A hold whose expiry never came is found by the sweep, which
 * leaves it alone while due expiries are queued (its own may be among them).
 */
class HoldExpiryTest extends WorkerIntegrationTest {

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private AmqpAdmin admin;

    @Autowired
    private OutcomePublisher publisher;

    @Autowired
    private MessageConverter converter;

    @Autowired
    private SimpleMessageListenerContainer commandListenerContainer;

    @Autowired
    private SimpleMessageListenerContainer expiryListenerContainer;

    @Test
    void aCommittedHoldExpiresWhenDueThroughItsExpiryQueue() {
        long event = newEvent(5);
        BookingCommand hold = newHold(event, newUser(), 2, Duration.ofSeconds(1));
        double swept = swept();

        assertThat(requestAndWait(hold).status()).isEqualTo(BookingStatus.HELD);
        // the reply goes out first, the expiry is parked with the outcome event before the command is acked
        await().atMost(Duration.ofSeconds(5)).until(() -> TestInfrastructure.holdExpiryQueues(names, 1).stream()
                .anyMatch(queue -> admin.getQueueInfo(queue) != null));

        await().atMost(Duration.ofSeconds(10)).until(() -> status(hold.bookingId()).equals("EXPIRED"));
        assertThat(heldSeats(event)).isZero();
        assertThat(jdbc.queryForObject("SELECT updated_at - expires_at < interval '1500 milliseconds' FROM bookings "
                + "WHERE id = ?", Boolean.class, hold.bookingId())).as("within the sweep's grace").isTrue();
        assertThat(swept()).as("its own expiry came, the sweep had nothing to do").isEqualTo(swept);
    }

    @Test
    void aHoldWhoseExpiryNeverCameIsExpiredByTheSweep() {
        long event = newEvent(5);
        long holdId = overdueHoldWithoutExpiry(event);
        double swept = swept();

        await().atMost(Duration.ofSeconds(10)).until(() -> status(holdId).equals("EXPIRED"));

        assertThat(heldSeats(event)).isZero();
        assertThat(swept() - swept).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDueExpiryIsAppliedWhileCommandsWaitInTheirQueue() {
        long event = newEvent(5);
        BookingCommand hold = newHold(event, newUser(), 2, Duration.ofSeconds(1));
        assertThat(requestAndWait(hold).status()).isEqualTo(BookingStatus.HELD);
        commandListenerContainer.stop();
        try {
            CompletableFuture<BookingOutcome> queued = request(newBooking(newEvent(1), newUser()));
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.getQueueInfo(names.commandQueue()).getMessageCount() > 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> status(hold.bookingId()).equals("EXPIRED"));
            assertThat(heldSeats(event)).isZero();
            assertThat(queued).as("the command still waits").isNotDone();
        } finally {
            commandListenerContainer.start();
        }
    }

    @Test
    void theSweepWaitsWhileDueExpiriesAreQueuedAndExpiresTheHoldOnceTheyAreWorkedOff() {
        long event = newEvent(5);
        double swept = swept();
        expiryListenerContainer.stop();
        long holdId;
        try {
            // someone else's expiry, due and waiting
            rabbit.convertAndSend("", names.dueExpiryQueue(), new HoldCommand.Expire(newId()));
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.getQueueInfo(names.dueExpiryQueue()).getMessageCount() > 0);
            holdId = overdueHoldWithoutExpiry(event);

            // several passes of the sweep (one a second) find it overdue, and leave it to the queue
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> status(holdId).equals("HELD"));
            assertThat(swept()).isEqualTo(swept);
        } finally {
            expiryListenerContainer.start();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> status(holdId).equals("EXPIRED"));
        assertThat(heldSeats(event)).isZero();
        assertThat(swept() - swept).isGreaterThanOrEqualTo(1);
    }

    /**
     * RabbitMQ expires a message only at the head of its queue. An expiry parked late (its batch was
     * slow to commit) must not wait there behind one parked just before it for a hold taken later.
     */
    @Test
    void anExpiryParkedLateDoesNotWaitBehindOneDueLaterThatWasParkedBeforeIt() {
        long event = newEvent(5);
        Instant now = Instant.now();
        BookingOutcome takenNow = heldRow(event, now, 4);
        BookingOutcome takenEarlier = heldRow(event, now.minusSeconds(3), 4);
        double swept = swept();

        publisher.publish(List.of(), List.of(takenNow, takenEarlier), List.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> status(takenEarlier.bookingId()).equals("EXPIRED"));
        assertThat(status(takenNow.bookingId())).as("due three seconds later").isEqualTo("HELD");
        assertThat(swept()).as("its own expiry came, the sweep had nothing to do").isEqualTo(swept);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(takenNow.bookingId()).equals("EXPIRED"));
    }

    /**
     * RabbitMQ deletes an expiry queue that nobody consumes or declares for its x-expires, with what is
     * in it, however much is published to it; whoever keeps parking expiries in the queue declares it
     * again before that. The deletion is done here by hand, and the clock moved on.
     */
    @Test
    void anExpiryQueueInUseIsDeclaredAgainBeforeRabbitMqWouldDeleteItAsUnused() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        HoldExpiries expiries = new HoldExpiries(admin, converter, names, now::get);
        // a lifetime of this test's own, so that no other hold shares the queue
        long lifetime = 7_777;
        String queue = names.holdExpiryQueue(lifetime, Duration.ZERO);
        try {
            assertThat(park(expiries, now.get(), lifetime)).isEqualTo(queue);
            assertThat(admin.getQueueInfo(queue)).as("declared").isNotNull();
            admin.deleteQueue(queue);

            now.set(now.get().plus(HoldExpiries.REDECLARE_QUEUES).minusSeconds(1));
            park(expiries, now.get(), lifetime);
            assertThat(admin.getQueueInfo(queue)).as("declared within the interval: not again").isNull();

            now.set(now.get().plusSeconds(1));
            park(expiries, now.get(), lifetime);
            assertThat(admin.getQueueInfo(queue)).as("declared again").isNotNull();
        } finally {
            admin.deleteQueue(queue);
        }
    }

    /** The queue the expiry of a hold taken at {@code createdAt} is parked in, its message left unsent. */
    private static String park(HoldExpiries expiries, Instant createdAt, long lifetimeSeconds) {
        return expiries.park(newId(), createdAt, createdAt.plusSeconds(lifetimeSeconds)).queue();
    }

    /** A HELD hold of one seat taken at {@code createdAt}, as committed; its expiry is not parked yet. */
    private BookingOutcome heldRow(long event, Instant createdAt, long lifetimeSeconds) {
        BookingOutcome hold = new BookingOutcome(newId(), event, newUser(), 1, BookingStatus.HELD, null, createdAt,
                createdAt.plusSeconds(lifetimeSeconds));
        jdbc.update("INSERT INTO bookings (id, event_id, user_id, quantity, origin, status, expires_at, created_at, "
                + "updated_at) VALUES (?, ?, ?, 1, 'HOLD', 'HELD', ?, ?, now())", hold.bookingId(), event, hold.userId(),
                Timestamp.from(hold.expiresAt()), Timestamp.from(createdAt));
        jdbc.update("UPDATE events SET held_seats = held_seats + 1 WHERE id = ?", event);
        return hold;
    }

    /** A HELD hold 5 s past its expires_at, as if committed by a worker that died before it parked the expiry. */
    private long overdueHoldWithoutExpiry(long event) {
        long holdId = newId();
        jdbc.update("INSERT INTO bookings (id, event_id, user_id, quantity, origin, status, expires_at, created_at, "
                + "updated_at) VALUES (?, ?, ?, 3, 'HOLD', 'HELD', now() - interval '5 seconds', now() - interval "
                + "'1 minute', now())", holdId, event, newUser());
        jdbc.update("UPDATE events SET held_seats = held_seats + 3 WHERE id = ?", event);
        return holdId;
    }

    private String status(long id) {
        return jdbc.queryForObject("SELECT status FROM bookings WHERE id = ?", String.class, id);
    }

    private double swept() {
        return meters.get("booking.holds.swept").counter().count();
    }
}
