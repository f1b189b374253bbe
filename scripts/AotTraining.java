import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run's load for the services' AOT caches (./run.sh --train-aot): every request an
 * on-sale serves, a few thousand times each, so that the JVM records the classes those paths load
 * and link and the method profiles the JIT will want, not only what start-up touches. Rounds of:
 * reserves of new users (201/202), the same users again (409 ALREADY_BOOKED), a small event sold out
 * and refused (409 SOLD_OUT), holds of 1 to 4 seats then confirmed or released, holds left to expire
 * on an event whose holds last a second,
 * reads of bookings, holds, a user's list and events, cancels, bad input (400, 404), and a waiting
 * list: joins of a sold-out event, its bookings cancelled, the offers made of their seats confirmed,
 * declined or left to expire (each end offering the seat to the next entry), entries read and left.
 *
 * <p>Run with Java's source launcher, against a suite that runs in none mode in a namespace of its
 * own: {@code java scripts/AotTraining.java http://localhost:8080 [rounds [users per round]]} (2 and
 * 1,500 by default). Exits 1 when a request got an answer it should not have (a 429, a 5xx, none).
 * Only the JDK.
 */
public class AotTraining {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final int CONCURRENCY = 16;

    /** The answers each request may get; anything else (429, 5xx, no answer) spoils the training. */
    private static final Map<String, Set<Integer>> EXPECTED = Map.ofEntries(
            Map.entry("create event", Set.of(201)),
            Map.entry("reserve", Set.of(201, 202, 409)),
            Map.entry("hold", Set.of(201, 202, 409)),
            Map.entry("get hold", Set.of(200)),
            // 409 HOLD_PENDING (tried again), 410 for a hold whose seats went while it was pending
            Map.entry("confirm", Set.of(200, 201, 202, 409, 410)),
            Map.entry("release hold", Set.of(200)),
            Map.entry("get booking", Set.of(200)),
            Map.entry("list", Set.of(200)),
            Map.entry("cancel", Set.of(200, 202)),
            Map.entry("get event", Set.of(200)),
            Map.entry("list events", Set.of(200)),
            Map.entry("bad reserve", Set.of(400)),
            Map.entry("bad hold", Set.of(400)),
            Map.entry("unknown event", Set.of(404)),
            // 409 SEATS_AVAILABLE while a reserve of the sold-out event is not committed yet
            Map.entry("join", Set.of(201, 409)),
            Map.entry("get entry", Set.of(200)),
            // 409 WAITLIST_ENTRY_ENDED for an offer that expired or was confirmed meanwhile
            Map.entry("leave", Set.of(200, 202, 409)));
    /** Of the event whose holds are left to expire: short, so that a round waits little for them. */
    private static final int EXPIRING_HOLD_TTL_SECONDS = 1;
    /** Of the waiting list's offers: long enough to be confirmed or declined, short enough to expire within a round. */
    private static final int OFFER_TTL_SECONDS = 3;
    private static final Pattern HOLD_ID = Pattern.compile("\"hold_id\"\\s*:\\s*(\\d+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

    private final int usersPerRound;

    AotTraining(String base, int usersPerRound) {
        this.base = base;
        this.usersPerRound = usersPerRound;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java scripts/AotTraining.java <booking-service URL> [rounds [users per round]]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        AotTraining training = new AotTraining(args[0], args.length > 2 ? Integer.parseInt(args[2]) : 1500);
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            training.round(round);
        }
        System.out.printf("training load: rounds %d, %.1f s; answers: %s%n", rounds,
                (System.nanoTime() - started) / 1e9, new TreeMap<>(training.answers));
        List<String> unexpected = training.unexpected();
        if (!unexpected.isEmpty()) {
            System.err.println("training load: unexpected answers " + unexpected);
            System.exit(1);
        }
    }

    private void round(int round) throws Exception {
        long big = idOf(send("create event", "POST", "/api/events",
                "{\"name\": \"AOT training " + round + "\", \"total_seats\": 1000000, \"max_per_user\": 4}"));
        long expiring = idOf(send("create event", "POST", "/api/events",
                "{\"name\": \"AOT training expiring holds " + round + "\", \"total_seats\": 1000000, \"max_per_user\": 4, "
                        + "\"hold_ttl_seconds\": " + EXPIRING_HOLD_TTL_SECONDS + "}"));
        long small = idOf(send("create event", "POST", "/api/events",
                "{\"name\": \"AOT training sell-out " + round + "\", \"total_seats\": 50}"));
        String prefix = run + "-" + round + "-";

        List<Owned> bookings = Collections.synchronizedList(new ArrayList<>());
        parallel(usersPerRound, i -> Owned.add(bookings, reserve(big, prefix + "r" + i), prefix + "r" + i));
        parallel(usersPerRound / 4, i -> reserve(big, prefix + "r" + i));
        parallel(usersPerRound / 4, i -> reserve(small, prefix + "s" + i));

        List<Owned> holds = Collections.synchronizedList(new ArrayList<>());
        parallel(usersPerRound / 2, i -> Owned.add(holds, send("hold", "POST", "/api/events/" + big + "/holds",
                "{\"user_id\": \"" + prefix + "h" + i + "\", \"quantity\": " + (1 + i % 4) + "}"), prefix + "h" + i));
        parallel(holds.size(), i -> {
            long hold = holds.get(i).id();
            String owner = holds.get(i).body();
            send("get hold", "GET", "/api/holds/" + hold, null);
            if (i % 4 == 3) {
                send("release hold", "DELETE", "/api/holds/" + hold, owner);
            } else {
                confirm(hold, owner);
            }
        });
        parallel(usersPerRound / 4, i -> send("hold", "POST", "/api/events/" + expiring + "/holds",
                "{\"user_id\": \"" + prefix + "e" + i + "\", \"quantity\": " + (1 + i % 4) + "}"));

        parallel(bookings.size(), i -> {
            Owned booking = bookings.get(i);
            send("get booking", "GET", "/api/bookings/" + booking.id(), null);
            if (i % 4 == 0) {
                send("list", "GET", "/api/bookings/user/" + booking.user(), null);
                send("cancel", "DELETE", "/api/bookings/" + booking.id(), booking.body());
            }
        });
        parallel(usersPerRound / 10, i -> {
            send("get event", "GET", "/api/events/" + big, null);
            send("list events", "GET", "/api/events", null);
            send("bad reserve", "POST", "/api/bookings/reserve", "{\"event_id\": 0}");
            send("bad hold", "POST", "/api/events/" + big + "/holds", "{\"user_id\": \"x\", \"quantity\": 0}");
            send("unknown event", "POST", "/api/bookings/reserve",
                    "{\"event_id\": 999999999, \"user_id\": \"" + prefix + "u" + i + "\"}");
        });
        waitingList(prefix, round);
        // the holds of the expiring event expire, and their seats go back on sale; the offers left to
        // expire do, and their seats go to the next entries
        Thread.sleep(Duration.ofSeconds(Math.max(EXPIRING_HOLD_TTL_SECONDS, OFFER_TTL_SECONDS) + 3));
    }

    /**
     * A sold-out event's waiting list, twice as long as the event has seats; every booking is
     * cancelled, and of the offers made of its seats a third is confirmed, a third declined and a third
     * left to expire (after the event's waitlist_offer_ttl_seconds, 3 s), each end offering the
     * seat to the next entry. The last entries leave while they wait.
     */
    private void waitingList(String prefix, int round) throws InterruptedException {
        int seats = usersPerRound / 10;
        long event = idOf(send("create event", "POST", "/api/events", "{\"name\": \"AOT training waiting list " + round
                + "\", \"total_seats\": " + seats + ", \"waitlist_offer_ttl_seconds\": " + OFFER_TTL_SECONDS + "}"));
        List<Owned> bookings = Collections.synchronizedList(new ArrayList<>());
        parallel(seats, i -> Owned.add(bookings, reserve(event, prefix + "b" + i), prefix + "b" + i));
        sleep(Duration.ofSeconds(1));
        List<Owned> entries = Collections.synchronizedList(new ArrayList<>());
        parallel(2 * seats, i -> Owned.add(entries, send("join", "POST", "/api/events/" + event + "/waitlist",
                "{\"user_id\": \"" + prefix + "w" + i + "\"}"), prefix + "w" + i));
        parallel(bookings.size(), i -> send("cancel", "DELETE", "/api/bookings/" + bookings.get(i).id(), bookings.get(i).body()));
        sleep(Duration.ofSeconds(1));
        parallel(entries.size(), i -> {
            Owned entry = entries.get(i);
            HttpResponse<String> found = send("get entry", "GET", "/api/waitlist/" + entry.id(), null);
            Matcher offer = HOLD_ID.matcher(found == null ? "" : found.body());
            if (offer.find()) {
                if (i % 3 == 0) {
                    confirm(Long.parseLong(offer.group(1)), entry.body());
                } else if (i % 3 == 1) {
                    send("leave", "DELETE", "/api/waitlist/" + entry.id(), entry.body());
                }
            } else if (i >= entries.size() - seats / 2) {
                send("leave", "DELETE", "/api/waitlist/" + entry.id(), entry.body());
            }
        });
    }

    /** The answers outside EXPECTED: "request status" (or "request failed"), with their counts. */
    private List<String> unexpected() {
        return answers.entrySet().stream().filter(answer -> {
            int space = answer.getKey().lastIndexOf(' ');
            String status = answer.getKey().substring(space + 1);
            return !status.chars().allMatch(Character::isDigit)
                    || !EXPECTED.get(answer.getKey().substring(0, space)).contains(Integer.parseInt(status));
        }).map(answer -> answer.getKey() + " × " + answer.getValue()).sorted().toList();
    }

    private HttpResponse<String> reserve(long event, String user) {
        return send("reserve", "POST", "/api/bookings/reserve", "{\"event_id\": " + event + ", \"user_id\": \"" + user + "\"}");
    }

    /** A hold answered 202 is confirmed once it is committed: HOLD_PENDING until then. */
    private void confirm(long hold, String owner) {
        for (int tries = 0; tries < 20; tries++) {
            HttpResponse<String> answer = send("confirm", "POST", "/api/holds/" + hold + "/confirm", owner);
            if (answer == null || !answer.body().contains("HOLD_PENDING")) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private HttpResponse<String> send(String what, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            answers.computeIfAbsent(what + " " + status, key -> new AtomicLong()).incrementAndGet();
            return response;
        } catch (Exception e) {
            answers.computeIfAbsent(what + " failed", key -> new AtomicLong()).incrementAndGet();
            return null;
        }
    }

    /** A booking or hold that was made, and its owner. */
    private record Owned(long id, String user) {

        static void add(List<Owned> made, HttpResponse<String> answer, String user) {
            long id = idOf(answer);
            if (id > 0) {
                made.add(new Owned(id, user));
            }
        }

        String body() {
            return "{\"user_id\": \"" + user + "\"}";
        }
    }

    /** The id in an answer that has one (a 201 or 202), else -1. */
    private static long idOf(HttpResponse<String> response) {
        if (response == null || response.statusCode() / 100 != 2) {
            return -1;
        }
        Matcher id = ID.matcher(response.body());
        return id.find() ? Long.parseLong(id.group(1)) : -1;
    }

    /** Runs task(0..count-1), CONCURRENCY at a time, on virtual threads; returns when all are done. */
    private static void parallel(int count, Consumer<Integer> task) throws InterruptedException {
        Semaphore slots = new Semaphore(CONCURRENCY);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                slots.acquire();
                int index = i;
                executor.submit(() -> {
                    try {
                        task.accept(index);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
