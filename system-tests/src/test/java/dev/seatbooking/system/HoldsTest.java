package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The holds API end to end: every answer of hold, confirm, release and read, and a hold's expiry. */
class HoldsTest extends SuiteTest {

    @Test
    void aHoldKeepsItsSeatsUntilConfirmedIntoABookingOfTheSameId() {
        long eventId = createEvent(5, "\"max_per_user\": 4, \"hold_ttl_seconds\": 300");
        String user = newUser();
        Instant before = Instant.now();

        var created = hold(eventId, user, 3);
        JsonPath hold = created.then().statusCode(201).extract().jsonPath();
        long holdId = hold.getLong("hold.id");
        assertThat(created.header("Location")).isEqualTo("/api/holds/" + holdId);

        assertThat(hold.getString("hold.status")).isEqualTo("HELD");
        assertThat(hold.getInt("hold.quantity")).isEqualTo(3);
        assertThat(hold.getString("hold.user_id")).isEqualTo(user);
        assertThat(hold.getLong("hold.event_id")).isEqualTo(eventId);
        assertThat(Duration.between(before, Instant.parse(hold.getString("hold.expires_at"))).toSeconds())
                .isBetween(295L, 301L);
        assertThat(holdStatus(holdId)).isEqualTo("HELD");
        JsonPath event = event(eventId);
        assertThat(event.getInt("event.held_seats")).isEqualTo(3);
        assertThat(event.getInt("event.booked_seats")).isZero();
        assertThat(event.getInt("event.available_seats")).isEqualTo(2);

        confirmHold(holdId, user).then().statusCode(201)
                .header("Location", equalTo("/api/bookings/" + holdId))
                .body("booking.id", equalTo((int) holdId))
                .body("booking.hold_id", equalTo((int) holdId))
                .body("booking.quantity", equalTo(3))
                .body("booking.status", equalTo("CONFIRMED"));
        confirmHold(holdId, user).then().statusCode(200).body("booking.status", equalTo("CONFIRMED"));

        assertThat(holdStatus(holdId)).isEqualTo("CONFIRMED");
        event = event(eventId);
        assertThat(event.getInt("event.booked_seats")).isEqualTo(3);
        assertThat(event.getInt("event.held_seats")).isZero();
        given().get("/api/bookings/" + holdId).then().statusCode(200).body("booking.quantity", equalTo(3));
        given().get("/api/bookings/user/" + user).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].quantity", equalTo(3));

        // cancelling the booking gives every one of its seats back
        cancel(holdId, user).then().statusCode(200);
        assertThat(event(eventId).getInt("event.available_seats")).isEqualTo(5);
        held(eventId, newUser(), 4);
    }

    @Test
    void eachRefusalOfAHoldHasItsCode() {
        long eventId = createEvent(5, "\"max_per_user\": 4");
        String holder = newUser();
        held(eventId, holder, 4);

        assertProblem(hold(987_654_321L, newUser(), 1), 404, "EVENT_NOT_FOUND");
        assertProblem(hold(eventId, newUser(), 5), 409, "LIMIT_EXCEEDED").body("max_per_user", equalTo(4));
        assertProblem(hold(eventId, newUser(), 2), 409, "NOT_ENOUGH_SEATS")
                .body("error", containsString("Only 1 seats are left")).body("available_seats", equalTo(1));
        assertProblem(hold(eventId, holder, 1), 409, "ALREADY_BOOKED");
        held(eventId, newUser(), 1);
        assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
        assertProblem(reserve(eventId, newUser()), 409, "SOLD_OUT");
    }

    @Test
    void salesOpenAndCloseWithTheWindowAndTheStatusAndTheSeedsReserveObeysThem() {
        Instant now = Instant.now();
        long notYet = createEvent(5, "\"sales_start\": \"" + now.plusSeconds(3600) + "\"");
        long over = createEvent(5, "\"sales_end\": \"" + now.minusSeconds(5) + "\"");
        long paused = createEvent(5, "\"status\": \"PAUSED\"");
        long closed = createEvent(5, "\"status\": \"CLOSED\"");

        assertProblem(hold(notYet, newUser(), 1), 409, "SALES_NOT_OPEN");
        assertProblem(reserve(notYet, newUser()), 409, "SALES_NOT_OPEN");
        assertProblem(hold(over, newUser(), 1), 409, "SALES_CLOSED");
        assertProblem(reserve(over, newUser()), 409, "SALES_CLOSED");
        assertProblem(hold(paused, newUser(), 1), 409, "SALES_NOT_OPEN");
        assertProblem(reserve(closed, newUser()), 409, "SALES_CLOSED");
        assertThat(event(over).getString("event.sales_end")).isNotNull();
        assertThat(event(paused).getString("event.status")).isEqualTo("PAUSED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "51", "\"2\"", "1.5", "null"})
    void aQuantityThatIsNotAPositiveWholeNumberWithinFiftyIs400(String quantity) {
        long eventId = createEvent(5, "\"max_per_user\": 4");
        var response = given().contentType(ContentType.JSON)
                .body("{\"user_id\": \"" + newUser() + "\", \"quantity\": " + quantity + "}")
                .post("/api/events/" + eventId + "/holds");
        if (quantity.equals("null")) {
            // null is no quantity at all: one seat, as when it is left out
            response.then().statusCode(201).body("hold.quantity", equalTo(1));
        } else {
            assertProblem(response, 400, "VALIDATION_ERROR").body("errors[0].field", equalTo("quantity"));
        }
    }

    @Test
    void aReleasedHoldsSeatsAreOnSaleAtOnceAndItCannotBeConfirmedAnyMore() {
        long eventId = createEvent(2, "\"max_per_user\": 2");
        String user = newUser();
        long holdId = held(eventId, user, 2);
        assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");

        assertProblem(releaseHold(holdId, newUser()), 404, "HOLD_NOT_FOUND");
        releaseHold(holdId, user).then().statusCode(200).body("hold.status", equalTo("RELEASED"));
        releaseHold(holdId, user).then().statusCode(200).body("hold.status", equalTo("RELEASED"));

        held(eventId, newUser(), 2);
        assertProblem(confirmHold(holdId, user), 409, "HOLD_RELEASED");
        assertThat(holdStatus(holdId)).isEqualTo("RELEASED");
        assertThat(committedSeats(eventId)).containsExactly(0, 2, 2);
    }

    @Test
    void aConfirmedHoldIsCancelledThroughItsBookingNotReleasedAndOthersHoldsAreNotFound() {
        long eventId = createEvent(3, "\"max_per_user\": 1");
        String user = newUser();
        long holdId = held(eventId, user, 1);

        assertProblem(confirmHold(holdId, newUser()), 404, "HOLD_NOT_FOUND");
        assertProblem(given().get("/api/holds/987654321"), 404, "HOLD_NOT_FOUND");
        // a hold is no booking until it is confirmed
        assertProblem(given().get("/api/bookings/" + holdId), 404, "BOOKING_NOT_FOUND");
        assertProblem(cancel(holdId, user), 404, "BOOKING_NOT_FOUND");
        confirmHold(holdId, user).then().statusCode(201);

        assertProblem(releaseHold(holdId, user), 409, "HOLD_CONFIRMED");
        // a reserve's booking is no hold
        long booking = book(eventId, newUser());
        assertProblem(given().get("/api/holds/" + booking), 404, "HOLD_NOT_FOUND");
    }

    @Test
    void anUnconfirmedHoldExpiresItsSeatsGoBackAndItIsStillConfirmedWhileTheyAreFree() {
        long eventId = createEvent(2, "\"max_per_user\": 2, \"hold_ttl_seconds\": 1");
        String user = newUser();
        long late = held(eventId, user, 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> holdStatus(late).equals("EXPIRED"));
        assertThat(committedSeats(eventId)).containsExactly(0, 0, 2);

        // nobody took the seats meanwhile: the buyer who paid late still gets them
        confirmHold(late, user).then().statusCode(201).body("booking.quantity", equalTo(2));
        assertThat(committedSeats(eventId)).containsExactly(2, 0, 2);
    }

    @Test
    void anExpiredHoldWhoseSeatsWereTakenIsGone() {
        long eventId = createEvent(1, "\"hold_ttl_seconds\": 1");
        String user = newUser();
        long late = held(eventId, user, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> holdStatus(late).equals("EXPIRED"));
        String next = newUser();
        long taken = held(eventId, next, 1);

        assertProblem(confirmHold(late, user), 410, "HOLD_EXPIRED");
        assertProblem(releaseHold(late, user), 410, "HOLD_EXPIRED");

        confirmHold(taken, next).then().statusCode(201);
        assertThat(committedSeats(eventId)).containsExactly(1, 0, 1);
    }

    @Test
    void aHoldWithAnIdempotencyKeyIsTakenOnceAndTheKeyIsItsOwn() {
        long eventId = createEvent(5, "\"max_per_user\": 2");
        String user = newUser();
        String key = "hold-" + newUser();
        String body = "{\"user_id\": \"" + user + "\", \"quantity\": 2}";

        long first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/events/" + eventId + "/holds").then().statusCode(201).extract().jsonPath().getLong("hold.id");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/events/" + eventId + "/holds").then().statusCode(201).body("hold.id", equalTo((int) first));
        assertProblem(given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"user_id\": \"" + user + "\", \"quantity\": 1}").post("/api/events/" + eventId + "/holds"),
                422, "IDEMPOTENCY_KEY_REUSED");
        assertProblem(reserveWithKey(key, eventId, user), 422, "IDEMPOTENCY_KEY_REUSED");
        assertThat(committedSeats(eventId)).containsExactly(0, 2, 5);

        // a refusal is replayed whole, with the facts its body carries, even once it would not be refused any more
        String refusedKey = "hold-" + newUser();
        String tooMany = "{\"user_id\": \"" + newUser() + "\", \"quantity\": 2}";
        String other = newUser();
        long otherHold = held(eventId, other, 2);
        assertProblem(given().contentType(ContentType.JSON).header("Idempotency-Key", refusedKey).body(tooMany)
                .post("/api/events/" + eventId + "/holds"), 409, "NOT_ENOUGH_SEATS").body("available_seats", equalTo(1));
        releaseHold(otherHold, other).then().statusCode(200);
        assertProblem(given().contentType(ContentType.JSON).header("Idempotency-Key", refusedKey).body(tooMany)
                .post("/api/events/" + eventId + "/holds"), 409, "NOT_ENOUGH_SEATS").body("available_seats", equalTo(1));
    }

    @Test
    void anOperatorChangesCapacityAndSettingsButNeverBelowTheSeatsTaken() {
        long eventId = createEvent(4, "\"max_per_user\": 2");
        held(eventId, newUser(), 2);
        book(eventId, newUser());

        assertProblem(given().contentType(ContentType.JSON).body("{\"total_seats\": 2}").patch("/api/events/" + eventId),
                409, "CAPACITY_BELOW_SOLD");
        assertThat(committedSeats(eventId)).containsExactly(1, 2, 4);

        given().contentType(ContentType.JSON).body("{\"total_seats\": 3, \"status\": \"PAUSED\", \"max_per_user\": 1}")
                .patch("/api/events/" + eventId).then().statusCode(200)
                .body("event.total_seats", equalTo(3)).body("event.available_seats", equalTo(0))
                .body("event.status", equalTo("PAUSED")).body("event.max_per_user", equalTo(1));
        assertProblem(hold(eventId, newUser(), 1), 409, "SALES_NOT_OPEN");

        // raised, the new seats are on sale at once
        given().contentType("application/merge-patch+json").body("{\"total_seats\": 6, \"status\": \"ON_SALE\"}")
                .patch("/api/events/" + eventId).then().statusCode(200).body("event.available_seats", equalTo(3));
        held(eventId, newUser(), 1);
        assertProblem(hold(eventId, newUser(), 2), 409, "LIMIT_EXCEEDED");
    }

    @Test
    void aSalesWindowIsSetAndRemovedAsAMergePatch() {
        long eventId = createEvent(4, "\"sales_end\": \"" + Instant.now().minusSeconds(60) + "\"");
        assertProblem(hold(eventId, newUser(), 1), 409, "SALES_CLOSED");

        given().contentType(ContentType.JSON).body("{\"sales_end\": null}").patch("/api/events/" + eventId)
                .then().statusCode(200).body("event.sales_end", nullValue());
        held(eventId, newUser(), 1);
        assertProblem(given().contentType(ContentType.JSON)
                        .body("{\"sales_start\": \"2026-03-02T00:00:00Z\", \"sales_end\": \"2026-03-01T00:00:00Z\"}")
                        .patch("/api/events/" + eventId), 400, "VALIDATION_ERROR")
                .body("errors[0].field", equalTo("sales_end"));
        assertProblem(given().contentType(ContentType.JSON).body("{\"total_seats\": 9}").patch("/api/events/987654321"),
                404, "EVENT_NOT_FOUND");
        assertThat(event(eventId).getString("event.sales_start")).isNull();
        assertThat(event(eventId).getString("event.created_at")).isNotNull();
    }

    @Test
    void inJwtModeAHoldIsTheTokensAndChangingEventsTakesTheAdminScope() {
        long eventId = createEvent(5, "\"max_per_user\": 2");
        String alice = newUser();
        long holdId = asUser(alice).contentType(ContentType.JSON).body("{\"quantity\": 2}")
                .post("/api/events/" + eventId + "/holds").then().statusCode(201)
                .body("hold.user_id", equalTo(alice)).extract().jsonPath().getLong("hold.id");

        assertProblem(asUser(newUser()).get("/api/holds/" + holdId), 404, "HOLD_NOT_FOUND");
        assertProblem(asUser(newUser()).contentType(ContentType.JSON).body("{}").post("/api/holds/" + holdId + "/confirm"),
                404, "HOLD_NOT_FOUND");
        asUser(alice).get("/api/holds/" + holdId).then().statusCode(200).body("hold.status", equalTo("HELD"));
        asUser(alice).contentType(ContentType.JSON).post("/api/holds/" + holdId + "/confirm").then().statusCode(201)
                .body("booking.user_id", equalTo(alice)).body("booking.hold_id", notNullValue());

        assertProblem(jwtApi().contentType(ContentType.JSON).body("{\"total_seats\": 9}").patch("/api/events/" + eventId),
                401, "UNAUTHORIZED");
        assertProblem(asUser(alice).contentType(ContentType.JSON).body("{\"total_seats\": 9}")
                .patch("/api/events/" + eventId), 403, "FORBIDDEN");
        asAdmin().contentType(ContentType.JSON).body("{\"total_seats\": 9}").patch("/api/events/" + eventId)
                .then().statusCode(200).body("event.total_seats", equalTo(9));
    }
}
