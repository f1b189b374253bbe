package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends SuiteTest {

    @Test
    void aRepeatedRequestGetsTheFirstAnswerAndBooksNothingNew() {
        long eventId = createEvent(5);
        String user = newUser();
        String key = UUID.randomUUID().toString();

        Response first = reserveWithKey(key, eventId, user);
        Response again = reserveWithKey(key, eventId, user);

        first.then().statusCode(201);
        again.then().statusCode(201)
                .header("Location", equalTo(first.header("Location")))
                .body("booking.id", equalTo(first.jsonPath().getInt("booking.id")))
                .body("booking.created_at", equalTo(first.jsonPath().getString("booking.created_at")));
        given().get("/api/bookings/user/" + user).then().body("data", hasSize(1));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        long eventId = createEvent(5);
        String key = UUID.randomUUID().toString();
        reserveWithKey(key, eventId, newUser()).then().statusCode(201);

        reserveWithKey(key, eventId, newUser()).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"))
                .body("success", equalTo(false));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void aRefusalIsReplayedToo() {
        long eventId = createEvent(1);
        book(eventId, newUser());
        String key = UUID.randomUUID().toString();
        String user = newUser();
        reserveWithKey(key, eventId, user).then().statusCode(409).body("code", equalTo("SOLD_OUT"));

        reserveWithKey(key, eventId, user).then().statusCode(409).body("code", equalTo("SOLD_OUT"));
    }

    @Test
    void invalidKeysAre400() {
        long eventId = createEvent(1);
        reserveWithKey("k".repeat(256), eventId, newUser()).then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"));
        reserveWithKey("has space", eventId, newUser()).then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"));
        assertThat(bookedSeats(eventId)).isZero();
    }
}
