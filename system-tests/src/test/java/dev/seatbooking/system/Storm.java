package dev.seatbooking.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Thousands of distinct users reserving one event from a pool of concurrent clients, optionally with
 * a fault injected once a number of answers came back (the storm goes on while the fault happens).
 */
final class Storm {

    private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");
    private static final Pattern BOOKING_ID = Pattern.compile("\"booking\":\\{\"id\":(\\d+)");

    /** One client's answer: its HTTP status, the error code or booking id from the body. */
    record Answer(String userId, int status, String code, Long bookingId) {

        boolean accepted() {
            return status == 201 || status == 202;
        }

        /** 201, 202, SOLD_OUT, or the status with its code for any other answer. */
        String outcome() {
            return accepted() ? String.valueOf(status) : status + " " + code;
        }
    }

    record Result(List<Answer> answers) {

        Map<String, Long> byOutcome() {
            return answers.stream().collect(Collectors.groupingBy(Answer::outcome, Collectors.counting()));
        }

        /** The 201s and 202s. */
        long accepted() {
            return answers.stream().filter(Answer::accepted).count();
        }

        Set<Long> acceptedIds() {
            return answers.stream().filter(Answer::accepted).map(Answer::bookingId).collect(Collectors.toSet());
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Storm() {
    }

    static Result run(int port, long eventId, int users, int clients) throws Exception {
        return run(port, eventId, users, clients, 0, null);
    }

    /** {@code fault} runs on a thread of its own once {@code faultAfter} answers came back. */
    static Result run(int port, long eventId, int users, int clients, int faultAfter, Runnable fault)
            throws Exception {
        String run = SuiteTest.newUser();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger answered = new AtomicInteger();
        AtomicReference<CompletableFuture<Void>> faultRun = new AtomicReference<>(CompletableFuture.completedFuture(null));
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                HttpRequest request = reserveRequest(port, eventId, run + "-" + i);
                answers.add(pool.submit(() -> {
                    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (answered.incrementAndGet() == faultAfter) {
                        faultRun.set(CompletableFuture.runAsync(fault));
                    }
                    return answer(request, response);
                }));
            }
            List<Answer> result = new ArrayList<>();
            for (Future<Answer> answer : answers) {
                result.add(answer.get());
            }
            faultRun.get().get();
            return new Result(result);
        } finally {
            pool.shutdownNow();
        }
    }

    static Answer answer(HttpRequest request, HttpResponse<String> response) {
        String body = response.body();
        Matcher code = CODE.matcher(body);
        Matcher id = BOOKING_ID.matcher(body);
        String user = request.headers().firstValue("X-Test-User").orElseThrow();
        return new Answer(user, response.statusCode(), code.find() ? code.group(1) : null,
                id.find() ? Long.valueOf(id.group(1)) : null);
    }

    static HttpRequest reserveRequest(int port, long eventId, String userId) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/bookings/reserve"))
                .header("Content-Type", "application/json")
                .header("X-Test-User", userId)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"event_id\": " + eventId + ", \"user_id\": \"" + userId + "\"}"))
                .build();
    }
}
