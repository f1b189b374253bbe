package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.worker.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A hold expires through RabbitMQ, not a timer of this process: committed, its expiry waits in the
 * expiry queue of its lifetime and comes back through the command queue when due. A hold whose
 * expiry never came is found by the sweep.
 */
class HoldExpiryTest extends WorkerIntegrationTest {

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private AmqpAdmin admin;

    @Test
    void aCommittedHoldExpiresWhenDueThroughItsExpiryQueue() {
        long event = newEvent(5);
        BookingCommand hold = newHold(event, newUser(), 2, Duration.ofSeconds(1));
        double swept = swept();

        assertThat(requestAndWait(hold).status()).isEqualTo(BookingStatus.HELD);
        // the reply goes out first, the expiry is parked with the outcome event before the command is acked
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.getQueueInfo(names.holdExpiryQueue(1)) != null);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(hold.bookingId()).equals("EXPIRED"));
        assertThat(heldSeats(event)).isZero();
        assertThat(jdbc.queryForObject("SELECT updated_at - expires_at < interval '1500 milliseconds' FROM bookings "
                + "WHERE id = ?", Boolean.class, hold.bookingId())).as("within the sweep's grace").isTrue();
        assertThat(swept()).as("its own expiry came, the sweep had nothing to do").isEqualTo(swept);
    }

    @Test
    void aHoldWhoseExpiryNeverCameIsExpiredByTheSweep() {
        long event = newEvent(5);
        long holdId = newId();
        // as if committed by a worker that died before it parked the expiry
        jdbc.update("INSERT INTO bookings (id, event_id, user_id, quantity, origin, status, expires_at, created_at, "
                + "updated_at) VALUES (?, ?, ?, 3, 'HOLD', 'HELD', now() - interval '5 seconds', now() - interval "
                + "'1 minute', now())", holdId, event, newUser());
        jdbc.update("UPDATE events SET held_seats = held_seats + 3 WHERE id = ?", event);
        double swept = swept();

        await().atMost(Duration.ofSeconds(10)).until(() -> status(holdId).equals("EXPIRED"));

        assertThat(heldSeats(event)).isZero();
        assertThat(swept() - swept).isGreaterThanOrEqualTo(1);
    }

    private String status(long id) {
        return jdbc.queryForObject("SELECT status FROM bookings WHERE id = ?", String.class, id);
    }

    private double swept() {
        return meters.get("booking.holds.swept").counter().count();
    }
}
