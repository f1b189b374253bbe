package dev.seatbooking.cache.hold;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import dev.seatbooking.cache.CacheServiceTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/**
 * The internal HTTP API as booking-service sees it, against the real Redis and PostgreSQL; what it
 * refuses before reaching them is {@link HoldControllerTest}'s.
 */
class InternalApiTest extends CacheServiceTest {

    private static final String CREATED_AT = "2026-01-20T10:00:00.123456Z";

    @Test
    void holdAnswersEachOutcome() {
        long eventId = storedEvent("HTTP", 1);
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
        long full = storedEvent("Batch, one seat", 1);
        long roomy = storedEvent("Batch, many seats", 100);
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
    void aPendingHoldCanBeReadUntilItIsReleased() {
        long eventId = storedEvent("Pending", 10);
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

    @Test
    void aBookingReportedQueuedKeepsItsSeatForTheQueuedTtl() {
        long eventId = storedEvent("Queued", 10);
        long bookingId = bookingId();
        hold(eventId, bookingId, "erin").statusCode(200);

        given().post("/internal/holds/{id}/queued", bookingId).then().statusCode(204);

        assertThat(Duration.ofMillis(redisson.getMap(keys.pendingHold(bookingId)).remainTimeToLive()))
                .isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
        given().post("/internal/holds/{id}/queued", bookingId()).then().statusCode(204);

        // no longer in flight: the record goes, the seat stays
        given().delete("/internal/holds/{id}", bookingId).then().statusCode(204);
        given().get("/internal/holds/{id}", bookingId).then().statusCode(404);
        assertThat(redisson.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).containsKey("erin")).isTrue();
        given().delete("/internal/holds/{id}", bookingId).then().statusCode(204);
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
        long eventId = storedEvent("Metrics", 1);
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
                + "\", \"quantity\": 1, \"kind\": \"RESERVE\", \"created_at\": \"" + CREATED_AT + "\"}";
    }

    private ValidatableResponse release(long eventId, long bookingId, String userId) {
        return given().contentType(ContentType.JSON)
                .body("{\"booking_id\": " + bookingId + ", \"user_id\": \"" + userId + "\"}")
                .post("/internal/events/{eventId}/holds/release", eventId)
                .then();
    }
}
