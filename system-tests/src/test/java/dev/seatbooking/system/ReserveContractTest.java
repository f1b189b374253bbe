package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.booking.BookingKeys;
import dev.seatbooking.cache.SeatKeys;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;

/** Every row of the contract's reserve table, through the three running services. */
class ReserveContractTest extends SuiteTest {

    @Test
    void bookedAndCommittedIs201WithLocationAndTheBooking() {
        long eventId = createEvent(10);
        String user = newUser();

        Response response = reserve(eventId, user);

        response.then().statusCode(201)
                .header("Location", matchesPattern("/api/bookings/\\d+"))
                .body("success", equalTo(true))
                .body("booking.event_id", equalTo((int) eventId))
                .body("booking.user_id", equalTo(user))
                .body("booking.status", equalTo("CONFIRMED"))
                .body("booking.created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        long id = response.jsonPath().getLong("booking.id");
        assertThat(response.header("Location")).isEqualTo("/api/bookings/" + id);
        // 201 means committed: the row is in PostgreSQL and counted on the event
        given().get("/api/bookings/" + id).then().statusCode(200)
                .body("booking.status", equalTo("CONFIRMED"))
                .body("booking.user_id", equalTo(user));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void userIdIsStoredExactlyAsSentUpTo255Characters() {
        long eventId = createEvent(5);
        String user = "  spaced ünïcødé " + "x".repeat(238);
        assertThat(user).hasSize(255);

        long id = book(eventId, user);

        given().get("/api/bookings/" + id).then().body("booking.user_id", equalTo(user));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event_id\": \"1\", \"user_id\": \"u\"}",
            "{\"event_id\": 1.5, \"user_id\": \"u\"}",
            "{\"event_id\": 0, \"user_id\": \"u\"}",
            "{\"event_id\": -1, \"user_id\": \"u\"}",
            "{\"event_id\": null, \"user_id\": \"u\"}",
            "{\"event_id\": 99999999999999999999999999, \"user_id\": \"u\"}",
            "{\"event_id\": 1e400, \"user_id\": \"u\"}",
            "{\"event_id\": true, \"user_id\": \"u\"}",
            "{\"event_id\": [1], \"user_id\": \"u\"}",
            "{\"user_id\": \"u\"}",
            "{\"event_id\": 1}",
            "{\"event_id\": 1, \"user_id\": \"\"}",
            "{\"event_id\": 1, \"user_id\": \"   \"}",
            "{\"event_id\": 1, \"user_id\": 123}",
            "{\"event_id\": 1, \"user_id\": {\"a\": 1}}",
            "{\"event_id\": 1, \"user_id\": null}",
            "{\"event_id\": 1, \"user_id\": \"u\"",
            "{\"event_id\": 1, \"user_id\": \"u\"} trailing",
            "[]",
            "\"just a string\"",
            "not json at all",
            ""})
    void invalidBodiesAre400ValidationErrors(String body) {
        given().contentType(ContentType.JSON).body(body).post("/api/bookings/reserve")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("success", equalTo(false))
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("error", notNullValue())
                .body("instance", equalTo("/api/bookings/reserve"))
                .body(not(containsString("Exception")))
                .body(not(containsString("tools.jackson")));
    }

    @Test
    void validationErrorsNameTheFields() {
        given().contentType(ContentType.JSON).body("{\"event_id\": -3, \"user_id\": \"" + "x".repeat(256) + "\"}")
                .post("/api/bookings/reserve")
                .then().statusCode(400)
                .body("errors.field", hasItem("event_id"))
                .body("errors.field", hasItem("user_id"))
                .body("errors.message", everyItem(notNullValue()));
    }

    @Test
    void unknownFieldsAreIgnored() {
        long eventId = createEvent(2);
        given().contentType(ContentType.JSON)
                .body("{\"event_id\": " + eventId + ", \"user_id\": \"" + newUser() + "\", \"seat\": \"A1\"}")
                .post("/api/bookings/reserve")
                .then().statusCode(201);
    }

    @Test
    void unknownEventIs404() {
        reserve(987_654_321L, newUser()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("EVENT_NOT_FOUND"))
                .body("success", equalTo(false));
    }

    @Test
    void secondBookingOfTheSameUserIs409AlreadyBooked() {
        long eventId = createEvent(10);
        String user = newUser();
        book(eventId, user);

        reserve(eventId, user).then().statusCode(409).body("code", equalTo("ALREADY_BOOKED"));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void fullEventIs409SoldOut() {
        long eventId = createEvent(1);
        book(eventId, newUser());

        reserve(eventId, newUser()).then().statusCode(409).body("code", equalTo("SOLD_OUT"));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void aRequestWaitingTooLongForTheSameUserIs429WithRetryAfter() throws InterruptedException {
        long eventId = createEvent(3);
        String user = newUser();
        RedissonClient redisson = suite.bookingService.getBean(RedissonClient.class);
        BookingKeys keys = suite.bookingService.getBean(BookingKeys.class);
        RLock lock = redisson.getLock(keys.bookingLock(eventId, user));
        // another replica is busy with this user's reservation for longer than the lock wait
        assertThat(lock.tryLock(1, 30, TimeUnit.SECONDS)).isTrue();
        try {
            reserve(eventId, user).then().statusCode(429)
                    .header("Retry-After", notNullValue())
                    .body("code", equalTo("RATE_LIMITED"));
        } finally {
            lock.forceUnlock();
        }
        reserve(eventId, user).then().statusCode(201);
    }

    @Test
    void theLockIsReleasedAfterTheAnswerAndTheUsersNextRequestGetsIt() {
        long eventId = createEvent(10);
        RedissonClient redisson = suite.bookingService.getBean(RedissonClient.class);
        BookingKeys keys = suite.bookingService.getBean(BookingKeys.class);
        for (int i = 0; i < 10; i++) {
            String user = newUser();
            long id = book(eventId, user);
            // sent the moment the reserve's answer is in, so it may reach Redis before the reserve's
            // release does: it must then be woken by the release, not wait out the lock wait (429)
            cancel(id, user).then().statusCode(200);
            RLock lock = redisson.getLock(keys.bookingLock(eventId, user));
            // well within the 30 s lease: released by the requests, not expired
            await().atMost(Duration.ofSeconds(2)).until(() -> !lock.isLocked());
        }
        assertThat(bookedSeats(eventId)).isZero();
    }

    @Test
    void slowWorkerGives202PendingThatSettlesToConfirmed() {
        MessageListenerContainer listeners = suite.queueWorker().context()
                .getBean("commandListenerContainer", MessageListenerContainer.class);
        long eventId = createEvent(5);
        String user = newUser();
        listeners.stop();
        Response response;
        try {
            response = reserve(eventId, user);
            response.then().statusCode(202)
                    .header("Location", matchesPattern("/api/bookings/\\d+"))
                    .body("success", equalTo(true))
                    .body("booking.status", equalTo("PENDING"));
            long id = response.jsonPath().getLong("booking.id");
            given().get("/api/bookings/" + id).then().statusCode(200).body("booking.status", equalTo("PENDING"));
            // RabbitMQ has the command: its hold outlives cache-service's short pending-hold TTL (1m)
            RedissonClient redisson = suite.cacheService.getBean(RedissonClient.class);
            SeatKeys keys = suite.cacheService.getBean(SeatKeys.class);
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> redisson.getMap(keys.pendingHold(id)).remainTimeToLive() > Duration.ofMinutes(50).toMillis());
            // the pending seat counts: the same user cannot book twice meanwhile
            reserve(eventId, user).then().statusCode(409).body("code", equalTo("ALREADY_BOOKED"));
        } finally {
            listeners.start();
        }
        long id = response.jsonPath().getLong("booking.id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/bookings/" + id)
                .then().statusCode(200).body("booking.status", equalTo("CONFIRMED")));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void wrongContentTypeIs415WithTheErrorBody() {
        given().contentType(ContentType.TEXT).body("event_id=1").post("/api/bookings/reserve")
                .then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("success", equalTo(false));
    }

    @Test
    void unknownPathIs404WithTheErrorBody() {
        given().get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("NOT_FOUND"));
    }
}
