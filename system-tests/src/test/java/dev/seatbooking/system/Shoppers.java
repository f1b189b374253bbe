package dev.seatbooking.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Buyers at a checkout, from a pool of concurrent clients until stopped: each new buyer holds 1 to
 * {@code maxQuantity} seats of the event and confirms the hold at once with probability
 * {@code confirmShare}, or abandons it to expire. A refused hold (sold out for now) is tried again by
 * the next buyer after a short pause. Every answer is recorded, so a test can compare what the
 * clients were told with what the stores hold.
 */
final class Shoppers implements AutoCloseable {

    private static final Pattern HOLD_ID = Pattern.compile("\"hold\":\\{\"id\":(\\d+)");
    private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final long eventId;
    private final int maxQuantity;
    private final double confirmShare;
    private final String run = SuiteTest.newUser();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ExecutorService pool;
    private final List<Future<?>> clients;
    private final AtomicLong buyers = new AtomicLong();
    /** Hold id → seats, of every hold answered 201 or 202. */
    private final Map<Long, Integer> holds = new ConcurrentHashMap<>();
    /** The holds whose confirm was answered 201 (or 202, which must settle CONFIRMED too). */
    private final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

    private Shoppers(int port, long eventId, int clients, int maxQuantity, double confirmShare) {
        this.port = port;
        this.eventId = eventId;
        this.maxQuantity = maxQuantity;
        this.confirmShare = confirmShare;
        this.pool = Executors.newFixedThreadPool(clients);
        this.clients = IntStream.range(0, clients).<Future<?>>mapToObj(i -> pool.submit(this::shop)).toList();
    }

    static Shoppers start(int port, long eventId, int clients, int maxQuantity, double confirmShare) {
        return new Shoppers(port, eventId, clients, maxQuantity, confirmShare);
    }

    private Void shop() throws Exception {
        while (!stopped.get()) {
            String user = run + "-" + buyers.incrementAndGet();
            int quantity = ThreadLocalRandom.current().nextInt(1, maxQuantity + 1);
            HttpResponse<String> hold = send("/api/events/" + eventId + "/holds",
                    "{\"user_id\": \"" + user + "\", \"quantity\": " + quantity + "}");
            count("hold " + outcome(hold));
            if (hold.statusCode() != 201 && hold.statusCode() != 202) {
                TimeUnit.MILLISECONDS.sleep(10);
                continue;
            }
            Matcher id = HOLD_ID.matcher(hold.body());
            if (!id.find()) {
                throw new AssertionError("A hold without an id: " + hold.body());
            }
            long holdId = Long.parseLong(id.group(1));
            holds.put(holdId, quantity);
            if (hold.statusCode() == 201 && ThreadLocalRandom.current().nextDouble() < confirmShare) {
                HttpResponse<String> confirm = send("/api/holds/" + holdId + "/confirm", "{\"user_id\": \"" + user + "\"}");
                count("confirm " + outcome(confirm));
                if (confirm.statusCode() == 201 || confirm.statusCode() == 202) {
                    confirmed.add(holdId);
                }
            }
        }
        return null;
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String outcome(HttpResponse<String> response) {
        Matcher code = CODE.matcher(response.body());
        return response.statusCode() + (code.find() ? " " + code.group(1) : "");
    }

    private void count(String answer) {
        answers.computeIfAbsent(answer, key -> new AtomicLong()).incrementAndGet();
    }

    /** Holds answered 201 or 202 so far. */
    long holdsTaken() {
        return holds.size();
    }

    Map<Long, Integer> holds() {
        return Map.copyOf(holds);
    }

    Set<Long> confirmed() {
        return Set.copyOf(confirmed);
    }

    /** How often each answer came, e.g. {@code "hold 201"}, {@code "hold 409 SOLD_OUT"}, {@code "confirm 410 HOLD_EXPIRED"}. */
    Map<String, Long> answers() {
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((answer, count) -> counts.put(answer, count.get()));
        return counts;
    }

    /** Stops every client after its current buyer, and fails if one of them failed. */
    @Override
    public void close() throws Exception {
        stopped.set(true);
        try {
            for (Future<?> client : clients) {
                client.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
