package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;

/** What clients see when the command queue or queue-worker is not there, and that nothing leaks. */
class QueueFaultTest extends SuiteTest {

    private static MessageListenerContainer worker() {
        return suite.queueWorker().context().getBean("commandListenerContainer", MessageListenerContainer.class);
    }

    @Test
    void aCommandNoQueueTookIs503AndItsSeatIsGivenBack() {
        long eventId = createEvent(1);
        String user = newUser();
        String key = UUID.randomUUID().toString();
        RabbitAdmin admin = suite.bookingService.getBean(RabbitAdmin.class);
        MessagingProperties names = suite.bookingService.getBean(MessagingProperties.class);
        worker().stop();
        admin.deleteQueue(names.commandQueue());
        try {
            reserveWithKey(key, eventId, user).then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("code", equalTo("SERVICE_UNAVAILABLE"));
            RedissonClient redisson = suite.cacheService.getBean(RedissonClient.class);
            SeatKeys keys = suite.cacheService.getBean(SeatKeys.class);
            assertThat(redisson.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).size()).isZero();
        } finally {
            admin.initialize();
            worker().start();
        }
        // the seat was not leaked and the key was not spent on the failure: the retry books
        reserveWithKey(key, eventId, user).then().statusCode(201);
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void aCancelTheWorkerCannotCommitInTimeIs202AndStillFreesTheSeat() {
        long eventId = createEvent(1);
        String user = newUser();
        long id = book(eventId, user);
        worker().stop();
        try {
            cancel(id, user).then().statusCode(202).body("success", equalTo(true));
        } finally {
            worker().start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/bookings/" + id)
                .then().body("booking.status", equalTo("CANCELLED")));
        // cache-service freed the seat from the outcome event
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> reserve(eventId, newUser()).then().statusCode(201));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void aPendingBookingCannotBeCancelledYet() {
        long eventId = createEvent(3);
        String user = newUser();
        worker().stop();
        long id;
        try {
            id = reserve(eventId, user).then().statusCode(202).extract().jsonPath().getLong("booking.id");
            cancel(id, user).then().statusCode(409).body("code", equalTo("BOOKING_PENDING"));
            cancel(id, newUser()).then().statusCode(404).body("code", equalTo("BOOKING_NOT_FOUND"));
        } finally {
            worker().start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> cancel(id, user).then().statusCode(200));
    }

    @Test
    void aRejectedBookingCannotBeCancelled() {
        long eventId = createEvent(1);
        String first = newUser();
        book(eventId, first);
        forgetHolder(eventId, first);
        String second = newUser();
        reserve(eventId, second).then().statusCode(409).body("code", equalTo("SOLD_OUT"));
        long rejected = given().get("/api/bookings/user/" + second).then()
                .body("data[0].status", equalTo("REJECTED"))
                .extract().jsonPath().getLong("data[0].id");
        given().get("/api/bookings/" + rejected).then().body("booking.reason", equalTo("SOLD_OUT"));

        cancel(rejected, second).then().statusCode(409).body("code", equalTo("BOOKING_NOT_ACTIVE"));

        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }
}
