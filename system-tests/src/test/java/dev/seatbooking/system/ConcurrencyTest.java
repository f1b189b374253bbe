package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The two booking rules under parallel load, end to end, with PostgreSQL and Redis agreeing afterwards. */
class ConcurrencyTest extends SuiteTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void fiftyParallelReservesOfOneUserGiveExactlyOneBooking() throws Exception {
        long eventId = createEvent(100);
        String user = newUser();
        long started = System.nanoTime();

        Map<String, Long> outcomes = race(50, i -> user, eventId);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(outcomes.getOrDefault("201", 0L) + outcomes.getOrDefault("202", 0L)).isEqualTo(1);
        assertThat(outcomes.keySet()).isSubsetOf("201", "202", "409 ALREADY_BOOKED", "429 RATE_LIMITED");
        // the rate limit answers before the booking rules are asked: beyond what one replica answers
        // itself (2 per 2 s), the user's shared burst (20) and its refill (10 per second) the race
        // took, every request is 429
        long admittable = 2 * (1 + took.toSeconds() / 2) + 20 + 10 * (1 + took.toSeconds());
        assertThat(outcomes.getOrDefault("409 ALREADY_BOOKED", 0L)).isLessThanOrEqualTo(admittable - 1);
        assertThat(outcomes.getOrDefault("429 RATE_LIMITED", 0L)).isGreaterThanOrEqualTo(50 - admittable);
        given().get("/api/bookings/user/" + user).then().body("data", hasSize(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> bookedSeats(eventId) == 1);
    }

    @Test
    void twoHundredUsersRacingForFiftySeatsGetExactlyFifty() throws Exception {
        long eventId = createEvent(50);
        String run = newUser();

        Map<String, Long> outcomes = race(200, i -> run + "-" + i, eventId);

        assertThat(outcomes.getOrDefault("201", 0L) + outcomes.getOrDefault("202", 0L)).isEqualTo(50);
        assertThat(outcomes).containsEntry("409 SOLD_OUT", 150L);
        assertThat(outcomes.keySet()).isSubsetOf("201", "202", "409 SOLD_OUT");
        await().atMost(Duration.ofSeconds(30)).until(() -> bookedSeats(eventId) == 50);
        reserve(eventId, newUser()).then().statusCode(409).body("code", equalTo("SOLD_OUT"));
    }

    @Test
    void aStormOfThousandsOfUsersSellsExactlyTheSeatsAndBothStoresAgree() throws Exception {
        int seats = 300;
        long eventId = createEvent(seats);

        Storm.Result storm = Storm.run(suite.bookingPort(), eventId, 3_000, 64);

        assertThat(storm.accepted()).isEqualTo(seats);
        assertThat(storm.byOutcome()).containsEntry("409 SOLD_OUT", 3_000L - seats).hasSizeLessThanOrEqualTo(3);
        assertBothStoresHoldExactly(eventId, storm.acceptedIds());
        assertThat(rejectedBookings(eventId)).isZero();
    }

    @Test
    void reserveAndCancelOfOneUserRacingKeepTheSeatCountRight() throws Exception {
        long eventId = createEvent(5);
        String user = newUser();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                long live = book(eventId, user);
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> cancelled = pool.submit(() -> {
                    start.await();
                    return cancel(live, user).statusCode();
                });
                Future<Integer> reserved = pool.submit(() -> {
                    start.await();
                    return reserve(eventId, user).statusCode();
                });
                start.countDown();
                assertThat(cancelled.get()).isEqualTo(200);
                assertThat(reserved.get()).isIn(201, 409);
                // whatever the order, the user holds at most one seat and both stores count it once
                int confirmed = given().queryParam("size", 100).get("/api/bookings/user/" + user)
                        .then().extract().jsonPath().getList("data.findAll { it.status == 'CONFIRMED' }").size();
                assertThat(confirmed).isLessThanOrEqualTo(1);
                assertThat(bookedSeats(eventId)).isEqualTo(confirmed);
                assertThat(redisHolders(eventId)).hasSize(confirmed);
                if (confirmed == 1) {
                    long again = given().get("/api/bookings/user/" + user).then().extract().jsonPath()
                            .getLong("data.find { it.status == 'CONFIRMED' }.id");
                    cancel(again, user).then().statusCode(200);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bookedSeats(eventId)).isZero();
        assertThat(redisHolders(eventId)).isEmpty();
    }

    /** The answers by outcome: "201", "202", or the status and error code ("409 SOLD_OUT"). */
    private Map<String, Long> race(int requests, Function<Integer, String> user, long eventId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Storm.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                HttpRequest request = Storm.reserveRequest(suite.bookingPort(), eventId, user.apply(i));
                Callable<Storm.Answer> call = () -> {
                    start.await();
                    return Storm.answer(request, http.send(request, HttpResponse.BodyHandlers.ofString()));
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Storm.Answer> result = new ArrayList<>();
            for (Future<Storm.Answer> answer : answers) {
                result.add(answer.get());
            }
            return new Storm.Result(result).byOutcome();
        } finally {
            pool.shutdownNow();
        }
    }
}
