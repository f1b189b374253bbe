package dev.seatbooking.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cold start: scenario 1's load (a closed population of {@code users}, each reserving once with
 * a fresh user id) from the moment the suite reports ready, for {@code seconds}, on services that
 * have served nothing yet. Gatling starts first: {@link #before} waits until every URL of
 * {@code readyUrls} (the services' readiness probes) answers 200, creates the event and lets the
 * load go at once, so Gatling's own start-up is not part of the first window.
 *
 * <p>Writes {@code windowsFile}: per {@code windowSeconds} since ready, the reserves answered 201 or
 * 202 (bookings), the other answers, and the p50 and p99 of the bookings' response times in ms.
 */
public class ColdStartSimulation extends Simulation {

    private static final Pattern EVENT_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final int users = Bench.requiredInt("users");
    private final int seconds = Bench.requiredInt("seconds");
    private final long seats = Bench.requiredLong("seats");
    private final long windowMillis = Bench.requiredLong("windowSeconds") * 1000;
    private final List<URI> readyUrls = Stream.of(Bench.required("readyUrls").split(","))
            .map(String::trim).map(URI::create).toList();
    private final Path windowsFile = Path.of(Bench.required("windowsFile"));

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicLong counter = new AtomicLong();
    private final Map<Long, Queue<Integer>> bookedMillis = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> others = new ConcurrentHashMap<>();
    private volatile long eventId;
    private volatile long readyAt;

    private final ScenarioBuilder coldStart = scenario("cold start")
            .exec(http("reserve").post("/api/bookings/reserve")
                    .body(StringBody(session ->
                            Bench.reserveBody(eventId, Bench.RUN_ID + "-cold-" + counter.incrementAndGet())))
                    .check(status().in(201, 202), responseTimeInMillis().saveAs("millis")))
            .exec(session -> {
                long window = (System.currentTimeMillis() - readyAt) / windowMillis;
                if (session.isFailed() || !session.contains("millis")) {
                    others.computeIfAbsent(window, key -> new AtomicLong()).incrementAndGet();
                } else {
                    bookedMillis.computeIfAbsent(window, key -> new ConcurrentLinkedQueue<>()).add(session.getInt("millis"));
                }
                return session;
            });

    {
        setUp(coldStart.injectClosed(constantConcurrentUsers(users).during(seconds)))
                .protocols(Bench.protocol());
    }

    @Override
    public void before() {
        Bench.markPhase("waiting");
        try {
            for (URI url : readyUrls) {
                while (!answers200(url)) {
                    Thread.sleep(100);
                }
            }
            readyAt = System.currentTimeMillis();
            Bench.markPhase("ready");
            eventId = createEvent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Bench.markPhase("start");
    }

    @Override
    public void after() {
        Bench.markPhase("end");
        List<String> lines = new ArrayList<>();
        TreeMap<Long, Long> windows = new TreeMap<>();
        bookedMillis.keySet().forEach(window -> windows.put(window, 0L));
        others.forEach((window, count) -> windows.put(window, count.get()));
        windows.forEach((window, other) -> {
            int[] sorted = bookedMillis.getOrDefault(window, new ConcurrentLinkedQueue<>()).stream()
                    .mapToInt(Integer::intValue).sorted().toArray();
            lines.add(window * windowMillis / 1000 + "\t" + sorted.length + "\t" + other
                    + (sorted.length == 0 ? "\t-\t-" : "\t" + Bench.percentile(sorted, 50) + "\t" + Bench.percentile(sorted, 99)));
        });
        try {
            Files.write(windowsFile, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answers200(URI url) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private long createEvent() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Bench.BASE_URL + "/api/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"bench cold start\", \"total_seats\": " + seats + "}"))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher id = EVENT_ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("creating the event: " + response.statusCode() + " " + response.body());
        }
        return Long.parseLong(id.group(1));
    }
}
