package dev.seatbooking.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: a storm of reserves on one event large enough never to fill, by a closed population
 * of {@code users}: each virtual user books once with a fresh user id and is replaced at once, so
 * {@code users} requests are always in flight.
 */
public class HotEventSimulation extends Simulation {

    private final long eventId = Bench.longProperty("eventId", 1);
    private final int users = Bench.intProperty("users", 64);
    private final int seconds = Bench.intProperty("seconds", 60);
    private final AtomicLong counter = new AtomicLong();

    private final ScenarioBuilder hotEvent = scenario("hot event")
            .exec(http("reserve").post("/api/bookings/reserve")
                    .body(StringBody(session ->
                            Bench.reserveBody(eventId, Bench.RUN_ID + "-hot-" + counter.incrementAndGet())))
                    .check(status().in(201, 202)));

    {
        setUp(hotEvent.injectClosed(constantConcurrentUsers(users).during(seconds)))
                .protocols(Bench.protocol());
    }

    @Override
    public void before() {
        Bench.markPhase("start");
    }

    @Override
    public void after() {
        Bench.markPhase("end");
    }
}
