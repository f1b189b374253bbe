package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

class CancelTest extends SuiteTest {

    @Test
    void ownBookingIsCancelledAndItsSeatFreedAtOnce() {
        long eventId = createEvent(1);
        String owner = newUser();
        String other = newUser();
        long id = book(eventId, owner);
        reserve(eventId, other).then().statusCode(409).body("code", equalTo("SOLD_OUT"));

        cancel(id, owner).then().statusCode(200)
                .body("success", equalTo(true))
                .body("message", equalTo("Booking cancelled"));

        given().get("/api/bookings/" + id).then().body("booking.status", equalTo("CANCELLED"));
        assertThat(bookedSeats(eventId)).isZero();
        book(eventId, other);
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void theSameUserMayBookTheEventAgainAfterCancelling() {
        long eventId = createEvent(3);
        String user = newUser();
        long first = book(eventId, user);
        cancel(first, user).then().statusCode(200);

        long second = book(eventId, user);

        assertThat(second).isNotEqualTo(first);
        given().get("/api/bookings/" + second).then().body("booking.status", equalTo("CONFIRMED"));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void anotherUsersBookingIs404AndStaysLive() {
        long eventId = createEvent(3);
        String owner = newUser();
        long id = book(eventId, owner);

        cancel(id, newUser()).then().statusCode(404).body("code", equalTo("BOOKING_NOT_FOUND"));

        given().get("/api/bookings/" + id).then().body("booking.status", equalTo("CONFIRMED"));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void unknownBookingIs404() {
        cancel(999_999_999L, newUser()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("BOOKING_NOT_FOUND"));
    }

    @Test
    void cancellingTwiceFreesOneSeatOnce() {
        long eventId = createEvent(2);
        String user = newUser();
        long id = book(eventId, user);
        book(eventId, newUser());
        cancel(id, user).then().statusCode(200);

        cancel(id, user).then().statusCode(409).body("code", equalTo("ALREADY_CANCELLED"));

        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void badCancelRequestsAre400() {
        given().contentType(ContentType.JSON).body("{\"user_id\": \"u\"}").delete("/api/bookings/abc")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        given().contentType(ContentType.JSON).body("{}").delete("/api/bookings/1")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("user_id"));
        given().contentType(ContentType.JSON).delete("/api/bookings/1")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        given().contentType(ContentType.JSON).body("{\"user_id\": \"u\"}").delete("/api/bookings/0")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
    }
}
