package dev.seatbooking.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checkout funnel: {@code buyers} distinct buyers arrive at a constant rate over {@code seconds}
 * (an open workload: arrivals do not wait for answers) at one event with holds. Each holds 1 to
 * {@code maxQuantity} seats; one who gets them thinks {@code thinkMinMillis}..{@code thinkMaxMillis},
 * then confirms with a chance of {@code confirmPercent}, or abandons the hold, which expires and puts
 * its seats back on sale for later buyers. A refused hold (SOLD_OUT, NOT_ENOUGH_SEATS) ends the buyer;
 * one turned away while booking-service is at its limit (503) is tried again after Retry-After.
 *
 * <p>Every parameter is required: bench/run.sh sizes a full and a quick run and is the only place
 * their values are set. Besides Gatling's report (requests "hold" and "confirm"), the simulation
 * counts the answers by status and error code, with their response times, and writes them to
 * {@code answersFile}: Gatling's report cannot tell a hold that got seats from a SOLD_OUT, which
 * most buyers hear and which answer far faster.
 */
public class CheckoutFunnelSimulation extends Simulation {

    /**
     * Tries of a confirm answered HOLD_PENDING, half a second apart: the hold was answered 202 and
     * queue-worker has not committed it yet. A buyer still refused after the last gives up, and the
     * hold expires.
     */
    private static final int CONFIRM_TRIES = 10;
    private static final Duration CONFIRM_RETRY_PAUSE = Duration.ofMillis(500);

    /**
     * Tries of a hold answered 503 because booking-service had as many holds under way as it takes
     * (BOOKING_CLAIMS_IN_FLIGHT), a second apart as its Retry-After says: a buyer in an on-sale's
     * first seconds tries again, and gives up after the last.
     */
    private static final int HOLD_TRIES = 30;
    private static final Duration HOLD_RETRY_PAUSE = Duration.ofSeconds(1);

    private final long eventId = Bench.requiredLong("eventId");
    private final int buyers = Bench.requiredInt("buyers");
    private final int seconds = Bench.requiredInt("seconds");
    private final int maxQuantity = Bench.requiredInt("maxQuantity");
    private final long thinkMinMillis = Bench.requiredLong("thinkMinMillis");
    private final long thinkMaxMillis = Bench.requiredLong("thinkMaxMillis");
    private final double confirmPercent = Double.parseDouble(Bench.required("confirmPercent"));
    private final Path answersFile = Path.of(Bench.required("answersFile"));

    private final AtomicLong counter = new AtomicLong();
    private final Answers answers = new Answers();

    private final ChainBuilder hold = exec(session -> session.set("quantity",
                    ThreadLocalRandom.current().nextInt(1, maxQuantity + 1)).set("holdTries", 0).set("holdRetry", true))
            .asLongAs(session -> session.getBoolean("holdRetry")).on(
                    exec(http("hold").post("/api/events/" + eventId + "/holds")
                            .body(StringBody(session -> "{\"user_id\": \"" + session.getString("userId")
                                    + "\", \"quantity\": " + session.getInt("quantity") + "}"))
                            .check(Answers.recorded())
                            .check(jsonPath("$.hold.id").ofLong().optional().saveAs("holdId"))
                            // 503: more holds under way than booking-service takes; Retry-After says 1 s
                            .check(status().in(201, 202, 409, 503))
                            // every buyer is a new user, so any other refusal would be a bug
                            .checkIf((response, session) -> response.status().code() == 409)
                            .then(jsonPath("$.code").in("SOLD_OUT", "NOT_ENOUGH_SEATS")))
                            .exec(session -> {
                                boolean busy = session.contains("status") && session.getInt("status") == 503;
                                int tries = session.getInt("holdTries") + 1;
                                if (busy && tries == HOLD_TRIES) {
                                    answers.gaveUp("hold", HOLD_TRIES + " times 503");
                                }
                                return answers.count("hold", session).set("holdTries", tries)
                                        .set("holdRetry", busy && tries < HOLD_TRIES);
                            })
                            .doIf(session -> session.getBoolean("holdRetry")).then(pause(HOLD_RETRY_PAUSE)));

    private final ChainBuilder confirm = exec(session -> session.set("tries", 0).set("retry", true))
            .asLongAs(session -> session.getBoolean("retry")).on(
                    exec(http("confirm").post("/api/holds/#{holdId}/confirm")
                            .body(StringBody(session -> "{\"user_id\": \"" + session.getString("userId") + "\"}"))
                            .check(Answers.recorded())
                            // 410: the buyer paid too late, the hold expired and its seats were sold again
                            .check(status().in(200, 201, 202, 409, 410))
                            .checkIf((response, session) -> response.status().code() == 409)
                            .then(jsonPath("$.code").is("HOLD_PENDING")))
                            .exec(session -> {
                                boolean pending = "HOLD_PENDING".equals(session.getString("code"));
                                int tries = session.getInt("tries") + 1;
                                if (pending && tries == CONFIRM_TRIES) {
                                    answers.gaveUp("confirm", CONFIRM_TRIES + " HOLD_PENDING");
                                }
                                return answers.count("confirm", session).set("tries", tries)
                                        .set("retry", pending && tries < CONFIRM_TRIES);
                            })
                            .doIf(session -> session.getBoolean("retry")).then(pause(CONFIRM_RETRY_PAUSE)));

    private final ScenarioBuilder funnel = scenario("checkout funnel")
            .exec(session -> session.set("userId", Bench.RUN_ID + "-funnel-" + counter.incrementAndGet()))
            .exec(hold)
            .doIf(session -> session.contains("holdId")).then(
                    pause(Duration.ofMillis(thinkMinMillis), Duration.ofMillis(thinkMaxMillis))
                            .exec(randomSwitch().on(percent(confirmPercent).then(confirm))));

    {
        setUp(funnel.injectOpen(constantUsersPerSec((double) buyers / seconds).during(seconds)))
                .protocols(Bench.protocol());
    }

    @Override
    public void before() {
        Bench.markPhase("start");
    }

    @Override
    public void after() {
        Bench.markPhase("end");
        answers.write(answersFile);
    }

    /** The answers to each request, by status and error code, and their response times. */
    private static final class Answers {

        private final Map<String, Queue<Integer>> millis = new ConcurrentHashMap<>();

        /** Saves the status, error code and response time of an answer in the session, for {@link #count}. */
        static CheckBuilder[] recorded() {
            return new CheckBuilder[] {
                    status().saveAs("status"),
                    responseTimeInMillis().saveAs("millis"),
                    jsonPath("$.code").optional().saveAs("code")};
        }

        /** A buyer who gave up after every try was refused for now: a line of its own, with no response time. */
        void gaveUp(String request, String after) {
            millis.computeIfAbsent(request + "\tgave up after " + after, key -> new ConcurrentLinkedQueue<>()).add(-1);
        }

        /** Counts the answer the session holds, and clears it for the next request. */
        Session count(String request, Session session) {
            String answer = !session.contains("status") ? "no answer"
                    : session.getInt("status") + (session.contains("code") ? " " + session.getString("code") : "");
            // no answer, no response time: counted with -1, which the percentiles leave out
            millis.computeIfAbsent(request + "\t" + answer, key -> new ConcurrentLinkedQueue<>())
                    .add(session.contains("millis") ? session.getInt("millis") : -1);
            return session.removeAll("status", "code", "millis");
        }

        /** One line per request and answer: count, p50, p99 and max response time in ms. */
        void write(Path file) {
            List<String> lines = new ArrayList<>();
            new TreeMap<>(millis).forEach((answer, times) -> {
                int[] sorted = times.stream().mapToInt(Integer::intValue).filter(ms -> ms >= 0).sorted().toArray();
                lines.add(answer + "\t" + times.size() + (sorted.length == 0 ? "\t-\t-\t-"
                        : "\t" + Bench.percentile(sorted, 50) + "\t" + Bench.percentile(sorted, 99) + "\t" + sorted[sorted.length - 1]));
            });
            try {
                Files.write(file, lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
