package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

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

        Map<String, Long> byOutcome = storm.byOutcome();
        assertThat(byOutcome.getOrDefault("201", 0L) + byOutcome.getOrDefault("202", 0L)).isEqualTo(seats);
        assertThat(byOutcome.get("409 SOLD_OUT")).isEqualTo(users - seats);
        // every 201 and 202 is CONFIRMED in PostgreSQL exactly once, nothing else is
        assertBothStoresHoldExactly(eventId, storm.acceptedIds());
        assertThat(rejectedBookings(eventId)).isZero();
    }
}
