package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spring Security's default headers on every kind of answer of both modes; CORS closed unless configured. */
class SecurityHeadersTest extends SuiteTest {

    static Stream<Arguments> answers() {
        Function<RequestSpecification, Response> events = api -> api.get("/api/events");
        Function<RequestSpecification, Response> badBody = api -> api.contentType(ContentType.JSON).body("{")
                .post("/api/bookings/reserve");
        Function<RequestSpecification, Response> unknownEvent = api -> api.get("/api/events/987654321");
        Function<RequestSpecification, Response> tooLarge = api -> api.contentType(ContentType.JSON)
                .body("{\"name\": \"" + "x".repeat(20_000) + "\"}").post("/api/bookings/reserve");
        Function<RequestSpecification, Response> health = api -> api.get("/health");
        return Stream.of(
                Arguments.of("none: 200", (Supplier<RequestSpecification>) () -> given(), events, 200),
                Arguments.of("none: 400", (Supplier<RequestSpecification>) () -> given(), badBody, 400),
                Arguments.of("none: 404", (Supplier<RequestSpecification>) () -> given(), unknownEvent, 404),
                Arguments.of("none: 413", (Supplier<RequestSpecification>) () -> given(), tooLarge, 413),
                Arguments.of("none: health", (Supplier<RequestSpecification>) () -> given(), health, 200),
                Arguments.of("jwt: 200", (Supplier<RequestSpecification>) () -> jwtApi(), events, 200),
                Arguments.of("jwt: 401", (Supplier<RequestSpecification>) () -> jwtApi(), badBody, 401),
                Arguments.of("jwt: 400", (Supplier<RequestSpecification>) () -> asUser(newUser()), badBody, 400),
                Arguments.of("jwt: 413", (Supplier<RequestSpecification>) () -> asUser(newUser()), tooLarge, 413),
                Arguments.of("jwt: health", (Supplier<RequestSpecification>) () -> jwtApi(), health, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerCarriesTheSecurityHeaders(String name, Supplier<RequestSpecification> api,
            Function<RequestSpecification, Response> call, int status) {
        call.apply(api.get()).then().statusCode(status)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("X-XSS-Protection", "0")
                .header("Cache-Control", containsString("no-store"));
    }

    @Test
    void cacheServiceAndQueueWorkerSendThemToo() {
        for (int port : new int[] {suite.cachePort(), suite.queueWorker().port()}) {
            given().port(port).get("/actuator/health").then().statusCode(200)
                    .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY");
        }
        given().port(suite.cachePort()).get("/internal/holds/1").then().statusCode(401)
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void corsIsClosedByDefault() {
        given().header("Origin", RunningSuite.ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
                .options("/api/bookings/reserve")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", RunningSuite.ALLOWED_ORIGIN).get("/api/events")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void corsAllowsExactlyTheConfiguredOrigins() {
        jwtApi().header("Origin", RunningSuite.ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/bookings/reserve")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(RunningSuite.ALLOWED_ORIGIN))
                .header("Access-Control-Allow-Credentials", nullValue());
        jwtApi().header("Origin", RunningSuite.ALLOWED_ORIGIN).get("/api/events")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(RunningSuite.ALLOWED_ORIGIN));

        jwtApi().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/bookings/reserve")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        jwtApi().header("Origin", "https://evil.example").get("/api/events")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}
