package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** RabbitMQ out of reach, or silent, when booking-service publishes a command. */
class BrokerFaultTest extends SuiteTest {

    @Test
    void withRabbitMqOutOfReachAReserveIs503AndItsSeatIsGivenBack() {
        long eventId = createEvent(1);
        String user = newUser();
        suite.bookingRabbit.cut();
        try {
            reserve(eventId, user).then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"));
            assertThat(redisHolders(eventId)).isEmpty();
        } finally {
            suite.bookingRabbit.restore();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> reserve(eventId, user).then().statusCode(201));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    /**
     * The confirm never comes in time: the client hears 503 and the hold is given back at once. The
     * command had reached RabbitMQ's socket, though, and arrives once the broker answers again; its
     * booking commits, and cache-service counts its seat again from the confirmed outcome, so Redis
     * and PostgreSQL agree.
     */
    @Test
    void aCommandWhoseConfirmNeverComesIs503AndNoSeatStaysCountedThatNobodyHolds() {
        long eventId = createEvent(2);
        String user = newUser();
        suite.bookingRabbit.pause();
        try {
            reserve(eventId, user).then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"));
            assertThat(redisHolders(eventId)).isEmpty();
        } finally {
            suite.bookingRabbit.resume();
        }
        JdbcClient db = suite.bookingService.getBean(JdbcClient.class);
        long late = await().atMost(Duration.ofSeconds(30)).until(
                () -> db.sql("SELECT id FROM bookings WHERE event_id = ? AND status = 'CONFIRMED'").param(eventId)
                        .query(Long.class).optional(),
                java.util.Optional::isPresent).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> redisHolders(eventId).equals(Map.of(user, late + ":1")));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
        // the user's retry hears the truth, and the one seat left is sold once
        reserve(eventId, user).then().statusCode(409).body("code", equalTo("ALREADY_BOOKED"));
        book(eventId, newUser());
        reserve(eventId, newUser()).then().statusCode(409).body("code", equalTo("SOLD_OUT"));
    }
}
