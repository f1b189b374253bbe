package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.common.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;

/**
 * PostgreSQL stalled or out of reach for queue-worker: commands wait in the queue, retried with
 * back-off, none is dead-lettered, and they commit once PostgreSQL answers again.
 */
class PostgresFaultTest extends SuiteTest {

    @Test
    void whilePostgresStallsCommandsWaitAndThenCommit() {
        waitsAndCommits(true);
    }

    @Test
    void whilePostgresIsOutOfReachCommandsWaitAndThenCommit() {
        waitsAndCommits(false);
    }

    private static void waitsAndCommits(boolean stalled) {
        long eventId = createEvent(5);
        String user = newUser();
        TcpProxy postgres = suite.queueWorker().postgres();
        long id;
        if (stalled) {
            postgres.pause();
        } else {
            postgres.cut();
        }
        try {
            id = reserve(eventId, user).then().statusCode(202)
                    .body("booking.status", equalTo("PENDING"))
                    .extract().jsonPath().getLong("booking.id");
            // longer than a connection timeout (3 s) and the first back-off: still waiting, not dead-lettered
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                given().get("/api/bookings/" + id).then().body("booking.status", equalTo("PENDING"));
                assertThat(deadLetters()).isZero();
            });
        } finally {
            if (stalled) {
                postgres.resume();
            } else {
                postgres.restore();
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/bookings/" + id)
                .then().body("booking.status", equalTo("CONFIRMED")));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
        assertThat(deadLetters()).isZero();
    }

    private static long deadLetters() {
        MessagingProperties names = suite.bookingService.getBean(MessagingProperties.class);
        return suite.bookingService.getBean(AmqpAdmin.class).getQueueInfo(names.deadLetterQueue()).getMessageCount();
    }
}
