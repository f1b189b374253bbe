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
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;

/** A burst for one hot event is written in batches, and the counter still matches the rows. */
class LargeBatchTest extends WorkerIntegrationTest {

    private static final int BOOKINGS = 500;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private AmqpAdmin admin;

    @Autowired
    private SimpleMessageListenerContainer commandListenerContainer;

    @Test
    void fiveHundredBookingsForOneEventCommitInBatches() {
        long event = newEvent(1000);
        Timer commits = registry.get("booking.worker.batch.commit").timer();
        DistributionSummary batchSizes = registry.get("booking.worker.batch.size").summary();
        long commitsBefore = commits.count();
        Timer lag = registry.get("booking.worker.commit.lag").timer();
        long lagsBefore = lag.count();

        // The burst waits in the queue, as on-sale commands do while the worker is busy. Sent to running
        // consumers one at a time, it would be taken as fast as it comes, and batch sizes would then
        // measure this machine's scheduling rather than batching.
        commandListenerContainer.stop();
        try {
            // no replyTo, as for a redelivery whose sender gave up: committed and announced, not answered
            for (int i = 0; i < BOOKINGS; i++) {
                rabbit.convertAndSend("", names.commandQueue(), newBooking(event, newUser()));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.getQueueInfo(names.commandQueue()).getMessageCount() >= BOOKINGS);
        } finally {
            commandListenerContainer.start();
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
