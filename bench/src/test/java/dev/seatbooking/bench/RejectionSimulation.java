package dev.seatbooking.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2, after the sell-out: new users keep asking for the full event. Every answer must be
 * 409 SOLD_OUT; the latency and throughput of these rejections are what the issue targets.
 */
public class RejectionSimulation extends Simulation {

    private final long eventId = Bench.longProperty("eventId", 1);
    private final int concurrency = Bench.intProperty("concurrency", 128);
    private final int seconds = Bench.intProperty("seconds", 20);
    private final AtomicLong counter = new AtomicLong();

    private final ScenarioBuilder rejections = scenario("rejection")
            .exec(http("reserve").post("/api/bookings/reserve")
                    .body(StringBody(session ->
                            Bench.reserveBody(eventId, Bench.RUN_ID + "-late-" + counter.incrementAndGet())))
                    .check(status().is(409), jsonPath("$.code").is("SOLD_OUT")));

    {
        setUp(rejections.injectClosed(constantConcurrentUsers(concurrency).during(seconds)))
                .protocols(Bench.protocol());
    }
}
