package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** queue-worker dying in the middle of a storm while a second one consumes the same queue. */
class WorkerCrashTest extends SuiteTest {

    @Test
    void aWorkerKilledMidStormLosesNothingAndTwoWorkersNeverDoubleBook() throws Exception {
        int seats = 400;
        int users = 2_000;
        long eventId = createEvent(seats);
        RunningSuite.Worker second = suite.startWorker();
        Storm.Result storm;
        try {
            // the suite's worker dies mid-batch (held up on PostgreSQL first, so that it surely has
            // commands in hand) and a new one takes its place while the storm goes on
            storm = Storm.run(suite.bookingPort(), eventId, users, 64, 150, () -> {
                suite.queueWorker().postgres().pause();
                await().pollDelay(Duration.ofMillis(300)).until(() -> true);
                suite.replaceQueueWorker();
            });
        } finally {
            second.kill();
        }

        assertThat(storm.accepted()).isEqualTo(seats);
        assertThat(storm.byOutcome()).containsEntry("409 SOLD_OUT", (long) users - seats).hasSizeLessThanOrEqualTo(3);
        // every 201 and 202 is CONFIRMED in PostgreSQL exactly once, nothing else is
        assertBothStoresHoldExactly(eventId, storm.acceptedIds());
        assertThat(rejectedBookings(eventId)).isZero();
    }
}
