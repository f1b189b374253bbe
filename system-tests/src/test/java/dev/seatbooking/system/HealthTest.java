package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthTest extends SuiteTest {

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/api/bookings/health"})
    void seedHealthUrlsReportEveryDependency(String path) {
        given().get(path).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.db", equalTo("UP"))
                .body("components.redis", equalTo("UP"))
                .body("components.rabbit", equalTo("UP"))
                .body("components.cacheService", equalTo("UP"));
    }

    /** cache-service wants the internal token for info and prometheus (InternalTokenTest), the others nothing in none mode. */
    @Test
    void everyServiceExposesActuatorProbesInfoAndPrometheus() {
        for (int port : new int[] {suite.bookingPort(), suite.cachePort(), suite.queueWorker().port()}) {
            given().port(port).get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
            given().port(port).get("/actuator/health/liveness").then().statusCode(200);
            given().port(port).get("/actuator/health/readiness").then().statusCode(200);
            given().port(port).header("Authorization", "Bearer " + RunningSuite.INTERNAL_TOKEN)
                    .get("/actuator/info").then().statusCode(200);
            given().port(port).header("Authorization", "Bearer " + RunningSuite.INTERNAL_TOKEN)
                    .get("/actuator/prometheus").then().statusCode(200)
                    .body(containsString("jvm_memory_used_bytes"));
        }
    }

    @Test
    void reservationOutcomesAreCounted() {
        reserve(987_654_320L, newUser()).then().statusCode(404);
        given().get("/actuator/prometheus").then().statusCode(200)
                .body(containsString("booking_reservations_total{"))
                .body(containsString("outcome=\"EVENT_NOT_FOUND\""));
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        given().get("/actuator/env").then().statusCode(404);
        given().get("/actuator/beans").then().statusCode(404);
    }
}
