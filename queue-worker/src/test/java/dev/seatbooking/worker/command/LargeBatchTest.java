package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.worker.WorkerIntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A burst for one hot event is written in batches, and the counter still matches the rows. */
class LargeBatchTest extends WorkerIntegrationTest {

    private static final int BOOKINGS = 500;

    @Autowired
    private MeterRegistry registry;

    @Test
    void fiveHundredBookingsForOneEventCommitInBatches() {
        long event = newEvent(1000);
        Timer commits = registry.get("booking.worker.batch.commit").timer();
        DistributionSummary batchSizes = registry.get("booking.worker.batch.size").summary();
        long commitsBefore = commits.count();
        Timer lag = registry.get("booking.worker.commit.lag").timer();
        long lagsBefore = lag.count();

        // no replyTo, as for a redelivery whose sender gave up: committed and announced, not answered
        for (int i = 0; i < BOOKINGS; i++) {
            rabbit.convertAndSend("", names.commandQueue(), newBooking(event, newUser()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> bookedSeats(event) == BOOKINGS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bookings WHERE event_id = ? AND status = 'CONFIRMED'",
                Integer.class, event)).isEqualTo(BOOKINGS);
        assertThat(bookingRows(event)).isEqualTo(BOOKINGS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM booking_audit WHERE event_id = ? AND action = 'BOOKED'",
                Integer.class, event)).isEqualTo(BOOKINGS);
        assertThat(commits.count() - commitsBefore).isLessThan(BOOKINGS / 2);
        assertThat(batchSizes.max()).isGreaterThan(1);
        // each new row once, from its hold to its commit
        assertThat(lag.count() - lagsBefore).isEqualTo(BOOKINGS);
        assertThat(lag.max(TimeUnit.SECONDS)).isPositive().isLessThan(60);
    }
}
