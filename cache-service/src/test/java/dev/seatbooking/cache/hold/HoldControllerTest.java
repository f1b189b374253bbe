package dev.seatbooking.cache.hold;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.Collections;

import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** The internal HTTP API as booking-service sees it. */
class HoldControllerTest extends CacheServiceTest {

    private static final String CREATED_AT = "2026-01-20T10:00:00.123456Z";

    @Autowired
    private EventRepository events;

    @Test
    void holdAnswersEachOutcome() {
        long eventId = events.save(new Event("HTTP", 1)).getId();
        long first = bookingId();

        hold(eventId, first, "alice").statusCode(200).contentType(ContentType.JSON)
                .body("results[0].result", equalTo("HELD")).body("results[0].booking_id", equalTo((int) first));
        hold(eventId, bookingId(), "alice").statusCode(200)
                .body("results[0].result", equalTo("ALREADY_BOOKED")).body("results[0].booking_id", equalTo((int) first));
        hold(eventId, bookingId(), "bob").statusCode(200)
                .body("results[0].result", equalTo("SOLD_OUT")).body("results[0]", not(hasKey("booking_id")));
        hold(redisOnlyEventId(), bookingId(), "bob").statusCode(200)
                .body("results[0].result", equalTo("EVENT_NOT_FOUND")).body("results[0]", not(hasKey("booking_id")));
    }

    @Test
    void aBatchOfHoldsForSeveralEventsIsAnsweredInOrder() {
        long full = events.save(new Event("Batch, one seat", 1)).getId();
        long roomy = events.save(new Event("Batch, many seats", 100)).getId();
        long first = bookingId();
        long second = bookingId();

        given().contentType(ContentType.JSON)
                .body("{\"holds\": [" + holdJson(full, first, "ann") + ", " + holdJson(full, bookingId(), "ben")
                        + ", " + holdJson(roomy, second, "ann") + ", " + holdJson(redisOnlyEventId(), bookingId(), "cy")
                        + "]}")
                .post("/internal/holds")
                .then().statusCode(200)
                .body("results.result", contains("HELD", "SOLD_OUT", "HELD", "EVENT_NOT_FOUND"))
                .body("results[0].booking_id", equalTo((int) first))
                .body("results[2].booking_id", equalTo((int) second));
    }

    @Test
    void anEmptyOrOversizedBatchIsAValidationError() {
        given().contentType(ContentType.JSON).body("{\"holds\": []}").post("/internal/holds")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("holds"));
        String many = String.join(", ", Collections.nCopies(1001, holdJson(1, 1, "u")));
        given().contentType(ContentType.JSON).body("{\"holds\": [" + many + "]}").post("/internal/holds")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("holds"));
    }

    @Test
    void aPendingHoldCanBeReadUntilItIsReleased() {
        long eventId = events.save(new Event("Pending", 10)).getId();
        long bookingId = bookingId();
        hold(eventId, bookingId, "carol").statusCode(200);

        given().get("/internal/holds/{id}", bookingId).then().statusCode(200)
                .body("booking_id", equalTo((int) bookingId))
                .body("event_id", equalTo((int) eventId))
                .body("user_id", equalTo("carol"))
                .body("created_at", equalTo(CREATED_AT));

        release(eventId, bookingId, "carol").statusCode(204);
        release(eventId, bookingId, "carol").statusCode(204); // a repeated release is harmless

        given().get("/internal/holds/{id}", bookingId).then().statusCode(404)
                .contentType("application/problem+json")
                .body("success", equalTo(false))
                .body("code", equalTo("BOOKING_NOT_FOUND"))
                .body("status", equalTo(404));
        hold(eventId, bookingId(), "carol").statusCode(200).body("results[0].result", equalTo("HELD"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"event_id": 0, "booking_id": 1, "user_id": "u", "created_at": "2026-01-20T10:00:00Z"}    | event_id
            {"event_id": -3, "booking_id": 1, "user_id": "u", "created_at": "2026-01-20T10:00:00Z"}   | event_id
            {"event_id": "abc", "booking_id": 1, "user_id": "u", "created_at": "2026-01-20T10:00:00Z"} | event_id
            {"event_id": 1, "booking_id": 0, "user_id": "u", "created_at": "2026-01-20T10:00:00Z"}    | booking_id
            {"event_id": 1, "booking_id": 1, "user_id": " ", "created_at": "2026-01-20T10:00:00Z"}    | user_id
            {"event_id": 1, "booking_id": 1, "created_at": "2026-01-20T10:00:00Z"}                    | user_id
            {"event_id": 1, "booking_id": 1, "user_id": "u"}                                           | created_at
            {"event_id": 1, "booking_id": "1", "user_id": "u", "created_at": "2026-01-20T10:00:00Z"}  | booking_id
            {"event_id": 1, "booking_id": 1, "user_id": "u", "created_at": "yesterday"}                | created_at
            """)
    void anInvalidHoldIsAValidationError(String hold, String field) {
        given().contentType(ContentType.JSON).body("{\"holds\": [" + hold + "]}")
                .post("/internal/holds")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("success", equalTo(false))
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", endsWith(field));
    }

    @Test
    void aTooLongUserIdIsAValidationError() {
        given().contentType(ContentType.JSON).body("{\"holds\": [" + holdJson(1, 1, "x".repeat(256)) + "]}")
                .post("/internal/holds")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", endsWith("user_id"));
    }

    @Test
    void malformedJsonIsAValidationError() {
        given().contentType(ContentType.JSON).body("{\"holds\": [{\"booking_id\": 1,").post("/internal/holds")
                .then().statusCode(400)
                .body("success", equalTo(false))
                .body("code", equalTo("VALIDATION_ERROR"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 | {"booking_id": 1, "user_id": "u"}  | event_id
            1 | {"booking_id": -1, "user_id": "u"} | booking_id
            1 | {"booking_id": 1, "user_id": ""}   | user_id
            """)
    void anInvalidReleaseIsAValidationError(String eventId, String body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .post("/internal/events/{eventId}/holds/release", eventId)
                .then().statusCode(400)
                .body("success", equalTo(false))
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo(field));
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "abc"})
    void anInvalidBookingIdIsAValidationError(String bookingId) {
        given().get("/internal/holds/{id}", bookingId).then().statusCode(400)
                .body("success", equalTo(false))
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("booking_id"));
    }

    @Test
    void readinessCoversRedisAndPostgresql() {
        given().get("/actuator/health/readiness").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.redis.status", equalTo("UP"))
                .body("components.db.status", equalTo("UP"));
        given().get("/actuator/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusExposesTheHoldMetrics() {
        long eventId = events.save(new Event("Metrics", 1)).getId();
        hold(eventId, bookingId(), "dave").statusCode(200);

        given().get("/actuator/prometheus").then().statusCode(200)
                .body(containsString("booking_cache_holds_total{"))
                .body(containsString("result=\"HELD\""))
                .body(containsString("booking_cache_hold_script_seconds_bucket{"))
                .body(containsString("booking_cache_rebuilds_total"));
    }

    private ValidatableResponse hold(long eventId, long bookingId, String userId) {
        return given().contentType(ContentType.JSON).body("{\"holds\": [" + holdJson(eventId, bookingId, userId) + "]}")
                .post("/internal/holds")
                .then();
    }

    private static String holdJson(long eventId, long bookingId, String userId) {
        return "{\"event_id\": " + eventId + ", \"booking_id\": " + bookingId + ", \"user_id\": \"" + userId
                + "\", \"created_at\": \"" + CREATED_AT + "\"}";
    }

    private ValidatableResponse release(long eventId, long bookingId, String userId) {
        return given().contentType(ContentType.JSON)
                .body("{\"booking_id\": " + bookingId + ", \"user_id\": \"" + userId + "\"}")
                .post("/internal/events/{eventId}/holds/release", eventId)
                .then();
    }
}
