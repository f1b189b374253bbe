package dev.seatbooking.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2: {@code totalUsers} distinct users try to book one event (20,000 seats in run.sh) as
 * fast as {@code concurrency} closed virtual users can send. Every virtual user draws tickets from
 * one counter until they run out, so exactly {@code totalUsers} reserves are sent whatever the
 * division of totalUsers by concurrency. {@code maxSeconds} bounds the run when the suite is far
 * slower than the target, so that a benchmark still ends; the report then shows fewer requests.
 */
public class SellOutSimulation extends Simulation {

    private final long eventId = Bench.longProperty("eventId", 1);
    private final long totalUsers = Bench.longProperty("totalUsers", 200_000);
    private final int concurrency = Bench.intProperty("concurrency", 128);
    private final int maxSeconds = Bench.intProperty("maxSeconds", 900);
    private final AtomicLong tickets = new AtomicLong();

    private final ChainBuilder takeTicket = exec(session -> session.set("ticket", tickets.getAndIncrement()));

    private final ScenarioBuilder sellOut = scenario("sell-out")
            .exec(takeTicket)
            .asLongAs(session -> session.getLong("ticket") < totalUsers).on(
                    exec(http("reserve").post("/api/bookings/reserve")
                            .body(StringBody(session ->
                                    Bench.reserveBody(eventId, Bench.RUN_ID + "-sell-" + session.getLong("ticket"))))
                            .check(status().in(201, 202, 409)))
                    .exec(takeTicket));

    {
        setUp(sellOut.injectOpen(atOnceUsers(concurrency)))
                .protocols(Bench.protocol())
                .maxDuration(Duration.ofSeconds(maxSeconds));
    }
}
