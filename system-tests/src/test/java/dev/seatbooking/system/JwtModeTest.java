package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.function.Function;
import java.util.stream.Stream;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECURITY_MODE=jwt, through a booking-service that shares cache-service and queue-worker with the
 * none-mode one: the caller is the token's subject, ownership is enforced, events need the admin
 * scope to be created, and every bad token is a 401 with the contract's body and WWW-Authenticate.
 */
class JwtModeTest extends SuiteTest {

    @Test
    void theCallerIsTheTokensSubjectWhenTheBodyNamesNoUser() {
        long eventId = createEvent(5);
        String user = newUser();

        Response response = asUser(user).contentType(ContentType.JSON).body("{\"event_id\": " + eventId + "}")
                .post("/api/bookings/reserve");

        response.then().statusCode(201).body("booking.user_id", equalTo(user)).body("booking.status", equalTo("CONFIRMED"));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void aBodyUserIdEqualToTheSubjectIsAccepted() {
        long eventId = createEvent(5);
        String user = newUser();

        asUser(user).contentType(ContentType.JSON).body("{\"event_id\": " + eventId + ", \"user_id\": \"" + user + "\"}")
                .post("/api/bookings/reserve")
                .then().statusCode(201).body("booking.user_id", equalTo(user));
    }

    @Test
    void aBodyUserIdOtherThanTheSubjectIs403AndBooksNothing() {
        long eventId = createEvent(5);

        Response response = asUser(newUser()).contentType(ContentType.JSON)
                .body("{\"event_id\": " + eventId + ", \"user_id\": \"" + newUser() + "\"}")
                .post("/api/bookings/reserve");

        assertProblem(response, 403, "FORBIDDEN");
        assertThat(bookedSeats(eventId)).isZero();
    }

    @Test
    void theBodyIsStillValidated() {
        assertProblem(asUser(newUser()).contentType(ContentType.JSON).body("{\"event_id\": 0}")
                .post("/api/bookings/reserve"), 400, "VALIDATION_ERROR");
        assertProblem(asUser(newUser()).contentType(ContentType.JSON).body("{\"event_id\": 1, \"user_id\": \"  \"}")
                .post("/api/bookings/reserve"), 400, "VALIDATION_ERROR");
    }

    @Test
    void usersListOnlyTheirOwnBookings() {
        long eventId = createEvent(5);
        String user = newUser();
        asUser(user).contentType(ContentType.JSON).body("{\"event_id\": " + eventId + "}")
                .post("/api/bookings/reserve").then().statusCode(201);

        asUser(user).get("/api/bookings/user/" + user).then().statusCode(200).body("data", hasSize(1));
        assertProblem(asUser(newUser()).get("/api/bookings/user/" + user), 403, "FORBIDDEN");
    }

    @Test
    void someoneElsesBookingIsNotFoundToReadOrCancel() {
        long eventId = createEvent(5);
        String owner = newUser();
        long bookingId = asUser(owner).contentType(ContentType.JSON).body("{\"event_id\": " + eventId + "}")
                .post("/api/bookings/reserve").then().statusCode(201).extract().jsonPath().getLong("booking.id");
        String stranger = newUser();

        assertProblem(asUser(stranger).get("/api/bookings/" + bookingId), 404, "BOOKING_NOT_FOUND");
        assertProblem(asUser(stranger).delete("/api/bookings/" + bookingId), 404, "BOOKING_NOT_FOUND");
        // the seed's body naming the owner changes nothing: it is not the caller
        assertProblem(asUser(stranger).contentType(ContentType.JSON).body("{\"user_id\": \"" + owner + "\"}")
                .delete("/api/bookings/" + bookingId), 403, "FORBIDDEN");

        asUser(owner).get("/api/bookings/" + bookingId).then().statusCode(200).body("booking.status", equalTo("CONFIRMED"));
        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void theOwnerCancelsWithoutABodyOrWithTheirOwnId() {
        long eventId = createEvent(5);
        String owner = newUser();
        long first = asUser(owner).contentType(ContentType.JSON).body("{\"event_id\": " + eventId + "}")
                .post("/api/bookings/reserve").then().statusCode(201).extract().jsonPath().getLong("booking.id");

        asUser(owner).delete("/api/bookings/" + first).then().statusCode(200).body("success", equalTo(true));

        long second = asUser(owner).contentType(ContentType.JSON).body("{\"event_id\": " + eventId + "}")
                .post("/api/bookings/reserve").then().statusCode(201).extract().jsonPath().getLong("booking.id");
        asUser(owner).contentType(ContentType.JSON).body("{\"user_id\": \"" + owner + "\"}")
                .delete("/api/bookings/" + second).then().statusCode(200);
        assertThat(bookedSeats(eventId)).isZero();
    }

    @Test
    void creatingEventsNeedsTheAdminScopeReadingThemNothing() {
        String body = "{\"name\": \"Admin only\", \"total_seats\": 3}";

        assertProblem(jwtApi().contentType(ContentType.JSON).body(body).post("/api/events"), 401, "UNAUTHORIZED");
        Response denied = asUser(newUser()).contentType(ContentType.JSON).body(body).post("/api/events");
        assertProblem(denied, 403, "FORBIDDEN");
        assertThat(denied.header("WWW-Authenticate")).contains("insufficient_scope");

        long eventId = asAdmin().contentType(ContentType.JSON).body(body).post("/api/events")
                .then().statusCode(201).extract().jsonPath().getLong("event.id");

        jwtApi().get("/api/events/" + eventId).then().statusCode(200).body("event.total_seats", equalTo(3));
        jwtApi().get("/api/events").then().statusCode(200).body("success", equalTo(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/bookings/user/someone", "/api/bookings/1", "/api/bookings/reserve"})
    void bookingEndpointsWithoutATokenAre401(String path) {
        Response response = path.endsWith("reserve")
                ? jwtApi().contentType(ContentType.JSON).body("{\"event_id\": 1}").post(path)
                : jwtApi().get(path);

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("malformed", (Function<String, String>) user -> "not.a-jwt"),
                Arguments.of("garbage", (Function<String, String>) user -> "%%%%"),
                Arguments.of("wrongly signed", (Function<String, String>) Tokens::signedWithAnotherSecret),
                Arguments.of("expired", (Function<String, String>) Tokens::expired),
                Arguments.of("alg none", (Function<String, String>) Tokens::unsigned),
                Arguments.of("RS256 instead of HS256", (Function<String, String>) Tokens::rs256),
                Arguments.of("no expiry", (Function<String, String>) Tokens::withoutExpiry),
                Arguments.of("no subject", (Function<String, String>) user -> Tokens.withoutSubject()),
                Arguments.of("over-long subject", (Function<String, String>) user -> Tokens.user("x".repeat(256))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIs401WithTheContractsBodyAndWwwAuthenticate(String kind, Function<String, String> token) {
        long eventId = createEvent(1);
        String user = newUser();

        Response response = jwtApi().header("Authorization", "Bearer " + token.apply(user))
                .contentType(ContentType.JSON).body("{\"event_id\": " + eventId + "}")
                .post("/api/bookings/reserve");

        assertProblem(response, 401, "UNAUTHORIZED")
                .body("instance", equalTo("/api/bookings/reserve"))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
        assertThat(bookedSeats(eventId)).isZero();
    }

    @Test
    void aBadTokenIsRefusedEvenWhereNoneIsNeeded() {
        // a client that sends a token learns that it is bad instead of being served as anonymous
        assertProblem(jwtApi().header("Authorization", "Bearer " + Tokens.expired(newUser())).get("/api/events"),
                401, "UNAUTHORIZED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/api/bookings/health", "/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness"})
    void healthStaysOpen(String path) {
        jwtApi().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/info", "/actuator/prometheus", "/actuator"})
    void theRestOfTheActuatorNeedsTheAdminScope(String path) {
        assertProblem(jwtApi().get(path), 401, "UNAUTHORIZED");
        assertProblem(asUser(newUser()).get(path), 403, "FORBIDDEN");
        asAdmin().get(path).then().statusCode(200);
    }

    @Test
    void prometheusScrapesWithAnAdminToken() {
        asAdmin().get("/actuator/prometheus").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }
}
