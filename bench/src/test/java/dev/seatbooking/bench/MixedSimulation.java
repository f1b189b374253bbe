package dev.seatbooking.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everyday traffic over many events: each of {@code users} virtual users is one customer who, for
 * {@code seconds}, lists their bookings (70%), books a random event (20%) or cancels their latest
 * booking (10%, a list when there is none to cancel).
 */
public class MixedSimulation extends Simulation {

    private final long[] events = Bench.longsProperty("events", "1");
    private final int users = Bench.intProperty("users", 64);
    private final int seconds = Bench.intProperty("seconds", 60);
    private final AtomicLong counter = new AtomicLong();

    private final ChainBuilder list = exec(http("list").get("/api/bookings/user/#{userId}")
            .check(status().is(200)));

    private final ChainBuilder reserve = exec(http("reserve").post("/api/bookings/reserve")
            .body(StringBody(session -> Bench.reserveBody(
                    events[ThreadLocalRandom.current().nextInt(events.length)], session.getString("userId"))))
            .check(status().in(201, 202, 409))
            // a customer may pick an event they already hold; any other 409 would be a bug
            .checkIf((response, session) -> response.status().code() == 409)
            .then(jsonPath("$.code").is("ALREADY_BOOKED"))
            .checkIf((response, session) -> response.status().code() != 409)
            .then(jsonPath("$.booking.id").saveAs("bookingId")));

    // 409 is fine: the booking may still be PENDING, or the customer cancelled it already
    private final ChainBuilder cancel = exec(http("cancel").delete("/api/bookings/#{bookingId}")
            .body(StringBody(session -> "{\"user_id\": \"" + session.getString("userId") + "\"}"))
            .check(status().in(200, 202, 409)))
            .exec(session -> session.remove("bookingId"));

    private final ScenarioBuilder mixed = scenario("mixed")
            .exec(session -> session.set("userId", Bench.RUN_ID + "-mix-" + counter.incrementAndGet()))
            .during(Duration.ofSeconds(seconds)).on(
                    randomSwitch().on(
                            percent(70.0).then(list),
                            percent(20.0).then(reserve),
                            percent(10.0).then(
                                    doIfOrElse(session -> session.contains("bookingId")).then(cancel).orElse(list))));

    {
        setUp(mixed.injectOpen(atOnceUsers(users))).protocols(Bench.protocol());
    }
}
