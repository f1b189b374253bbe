package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.seatbooking.cache.SeatKeys;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Base of the end-to-end tests: REST Assured aimed at booking-service of the running suite. */
abstract class SuiteTest {

    static RunningSuite suite;

    @BeforeAll
    static void startSuite() {
        suite = RunningSuite.get();
        RestAssured.port = suite.bookingPort();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        // Awaitility would fail a wait with any uncaught exception of any thread; a queue-worker
        // killed mid-batch (WorkerCrashTest) may have its channel closer throw after it is gone,
        // which says nothing about the suite. What matters is in the assertions.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }

    /** User ids unique to this test run, so tests never see each other's bookings. */
    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    /** The jwt-mode booking-service, without a token. */
    static RequestSpecification jwtApi() {
        return given().port(suite.jwtBookingPort());
    }

    /** The jwt-mode booking-service, as the user with this subject. */
    static RequestSpecification asUser(String subject) {
        return jwtApi().header("Authorization", "Bearer " + Tokens.user(subject));
    }

    static RequestSpecification asAdmin() {
        return jwtApi().header("Authorization", "Bearer " + Tokens.admin("admin-" + UUID.randomUUID()));
    }

    /** The contract's error body, with this status and code. */
    static ValidatableResponse assertProblem(Response response, int status, String code) {
        return response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("success", equalTo(false))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("error", notNullValue())
                .body("instance", notNullValue());
    }

    static long createEvent(int seats) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\": \"Event of " + seats + "\", \"total_seats\": " + seats + "}")
                .post("/api/events")
                .then().statusCode(201)
                .extract().jsonPath().getLong("event.id");
    }

    static Response reserve(long eventId, String userId) {
        return given().contentType(ContentType.JSON)
                .body("{\"event_id\": " + eventId + ", \"user_id\": \"" + userId + "\"}")
                .post("/api/bookings/reserve");
    }

    static Response reserveWithKey(String idempotencyKey, long eventId, String userId) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey)
                .body("{\"event_id\": " + eventId + ", \"user_id\": \"" + userId + "\"}")
                .post("/api/bookings/reserve");
    }

    static long book(long eventId, String userId) {
        return reserve(eventId, userId).then().statusCode(201).extract().jsonPath().getLong("booking.id");
    }

    static Response cancel(long bookingId, String userId) {
        return given().contentType(ContentType.JSON)
                .body("{\"user_id\": \"" + userId + "\"}")
                .delete("/api/bookings/" + bookingId);
    }

    /**
     * Makes cache-service's Redis state wrong on purpose: the user and their seats are no longer
     * counted. It waits for the user's committed claim to have its outcome applied first: that
     * outcome (confirm.lua) would otherwise put the holder back, whenever it arrives.
     */
    static void forgetHolder(long eventId, String userId) {
        RedissonClient redisson = suite.cacheService.getBean(RedissonClient.class);
        SeatKeys keys = suite.cacheService.getBean(SeatKeys.class);
        String held = redisson.<String, String>getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).get(userId);
        assertThat(held).isNotNull();
        long claimId = Long.parseLong(held.substring(0, held.indexOf(':')));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> redisson.getKeys().countExists(keys.pendingHold(claimId)) == 0);
        String claim = redisson.<String, String>getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).remove(userId);
        assertThat(claim).isNotNull();
        redisson.getAtomicLong(keys.eventTaken(eventId)).addAndGet(-Long.parseLong(claim.substring(claim.indexOf(':') + 1)));
    }

    /**
     * The invariants after a storm: PostgreSQL holds exactly the accepted bookings as CONFIRMED (each
     * once, as its id is the primary key), the event's seat count says the same, and so does Redis
     * once the last outcome events arrived.
     */
    static void assertBothStoresHoldExactly(long eventId, Set<Long> accepted) {
        JdbcClient db = suite.bookingService.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                db.sql("SELECT id FROM bookings WHERE event_id = ? AND status = 'CONFIRMED'").param(eventId)
                        .query(Long.class).set()).isEqualTo(accepted));
        assertThat(bookedSeats(eventId)).isEqualTo(accepted.size());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(redisHolders(eventId).values()
                .stream().map(claim -> Long.valueOf(claim.substring(0, claim.indexOf(':'))))
                .collect(Collectors.toSet())).isEqualTo(accepted));
    }

    /** Bookings PostgreSQL refused although Redis had admitted them. */
    static long rejectedBookings(long eventId) {
        return suite.bookingService.getBean(JdbcClient.class)
                .sql("SELECT count(*) FROM bookings WHERE event_id = ? AND status = 'REJECTED'").param(eventId)
                .query(Long.class).single();
    }

    static Map<String, String> redisHolders(long eventId) {
        RedissonClient redisson = suite.cacheService.getBean(RedissonClient.class);
        SeatKeys keys = suite.cacheService.getBean(SeatKeys.class);
        return redisson.<String, String>getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).readAllMap();
    }

    static int bookedSeats(long eventId) {
        return given().get("/api/events/" + eventId).then().statusCode(200)
                .extract().jsonPath().getInt("event.booked_seats");
    }

    /** An event with settings of its own, given as JSON fields ({@code "max_per_user": 4, ...}). */
    static long createEvent(int seats, String settings) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\": \"On-sale of " + seats + "\", \"total_seats\": " + seats + ", " + settings + "}")
                .post("/api/events")
                .then().statusCode(201)
                .extract().jsonPath().getLong("event.id");
    }

    static Response hold(long eventId, String userId, int quantity) {
        return given().contentType(ContentType.JSON)
                .body("{\"user_id\": \"" + userId + "\", \"quantity\": " + quantity + "}")
                .post("/api/events/" + eventId + "/holds");
    }

    /** A hold that must be taken: its id. */
    static long held(long eventId, String userId, int quantity) {
        return hold(eventId, userId, quantity).then().statusCode(201).extract().jsonPath().getLong("hold.id");
    }

    static Response confirmHold(long holdId, String userId) {
        return given().contentType(ContentType.JSON).body("{\"user_id\": \"" + userId + "\"}")
                .post("/api/holds/" + holdId + "/confirm");
    }

    static Response releaseHold(long holdId, String userId) {
        return given().contentType(ContentType.JSON).body("{\"user_id\": \"" + userId + "\"}")
                .delete("/api/holds/" + holdId);
    }

    static String holdStatus(long holdId) {
        return given().get("/api/holds/" + holdId).then().statusCode(200).extract().jsonPath().getString("hold.status");
    }

    /** The event as the API reports it. */
    static JsonPath event(long eventId) {
        return given().get("/api/events/" + eventId).then().statusCode(200).extract().jsonPath();
    }

    /** What PostgreSQL counts for the event: booked and held seats, and the capacity. */
    static int[] committedSeats(long eventId) {
        return suite.bookingService.getBean(JdbcClient.class)
                .sql("SELECT booked_seats, held_seats, total_seats FROM events WHERE id = ?").param(eventId)
                .query((rs, row) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)}).single();
    }
}
