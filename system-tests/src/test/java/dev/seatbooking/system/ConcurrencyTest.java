package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.net.URI;
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
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The two booking rules under parallel load, end to end. */
class ConcurrencyTest extends SuiteTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thirtyParallelReservesOfOneUserGiveExactlyOneBooking() throws Exception {
        long eventId = createEvent(100);
        String user = newUser();

        List<Integer> statuses = race(30, i -> user, eventId);

        Map<Integer, Long> byStatus = countByStatus(statuses);
        assertThat(byStatus.getOrDefault(201, 0L) + byStatus.getOrDefault(202, 0L)).isEqualTo(1);
        assertThat(byStatus.get(409)).isEqualTo(29);
        given().get("/api/bookings/user/" + user).then().body("data", hasSize(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> bookedSeats(eventId) == 1);
    }

    @Test
    void twoHundredUsersRacingForFiftySeatsGetExactlyFifty() throws Exception {
        long eventId = createEvent(50);
        String run = newUser();

        List<Integer> statuses = race(200, i -> run + "-" + i, eventId);

        Map<Integer, Long> byStatus = countByStatus(statuses);
        assertThat(byStatus.getOrDefault(201, 0L) + byStatus.getOrDefault(202, 0L)).isEqualTo(50);
        assertThat(byStatus.get(409)).isEqualTo(150);
        await().atMost(Duration.ofSeconds(30)).until(() -> bookedSeats(eventId) == 50);
        reserve(eventId, newUser()).then().statusCode(409);
    }

    private List<Integer> race(int requests, Function<Integer, String> user, long eventId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://localhost:" + suite.bookingPort() + "/api/bookings/reserve"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"event_id\": " + eventId + ", \"user_id\": \"" + user.apply(i) + "\"}"))
                        .build();
                Callable<Integer> call = () -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Long> countByStatus(List<Integer> statuses) {
        return statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }
}
