package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * cache-service with INTERNAL_TOKEN set (as the suite runs it, and as production must): its API
 * answers only booking-service's token; health stays open for probes and booking-service's checks.
 */
class InternalTokenTest extends SuiteTest {

    private static RequestSpecification cacheService() {
        return given().port(suite.cachePort());
    }

    @Test
    void theInternalApiRefusesARequestWithoutTheToken() {
        Response response = cacheService().contentType(ContentType.JSON)
                .body("{\"booking_id\": 1, \"user_id\": \"intruder\", \"created_at\": \"2026-01-20T10:00:00Z\"}")
                .post("/internal/events/1/holds");

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong", "internal-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000"})
    void aWrongTokenIs401(String token) {
        Response response = cacheService().header("Authorization", "Bearer " + token).get("/internal/holds/1");

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void theTokenOpensTheApi() {
        cacheService().header("Authorization", "Bearer " + RunningSuite.INTERNAL_TOKEN).get("/internal/holds/987654321")
                .then().statusCode(404);
    }

    @Test
    void bookingServicePresentsTheTokenOnEveryCall() {
        // a reserve goes through cache-service's hold and a lookup of an uncommitted booking through its pending holds
        long eventId = createEvent(2);
        book(eventId, newUser());
        given().get("/api/bookings/987654329").then().statusCode(404).body("code", equalTo("BOOKING_NOT_FOUND"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/info", "/actuator/prometheus"})
    void theActuatorBeyondHealthNeedsTheTokenToo(String path) {
        assertProblem(cacheService().get(path), 401, "UNAUTHORIZED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"})
    void healthStaysOpen(String path) {
        cacheService().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }
}
