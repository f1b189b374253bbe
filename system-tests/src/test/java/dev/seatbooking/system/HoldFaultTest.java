package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hold lifecycle under load and faults: holds expiring by the thousand while new ones arrive, a
 * confirm at the instant of expiry, a confirm queued behind the expiry, Redis losing everything with
 * live holds, queue-worker dying while holds expire, and an operator moving the capacity under load.
 * Whatever happens, the seats are never oversold, every hold ends once, and every seat that comes
 * back is sold again.
 */
class HoldFaultTest extends SuiteTest {

    @Test
    void anExpiryStormNeverOversellsAndEveryExpiredSeatIsSoldAgain() throws Exception {
        int seats = 500;
        long eventId = createEvent(seats, "\"max_per_user\": 4, \"hold_ttl_seconds\": 1");
        Shoppers shoppers;
        try (SeatInvariants invariants = SeatInvariants.watch(eventId)) {
            // buyers keep coming while the holds of those who abandoned expire, 97 in 100 of them
            try (Shoppers storm = Shoppers.start(suite.bookingPort(), eventId, 32, 4, 0.03)) {
                shoppers = storm;
                await().atMost(Duration.ofMinutes(3)).until(() -> storm.holdsTaken() >= 2_000);
            }
            awaitEveryHoldEnded(eventId);
        }

        assertOnlyCheckoutAnswers(shoppers);
        Map<Long, String> ends = holdEnds(eventId);
        assertThat(ends.keySet()).as("every hold answered 201 or 202 is stored").isEqualTo(shoppers.holds().keySet());
        assertThat(ends.entrySet().stream().filter(end -> end.getValue().equals("CONFIRMED")).map(Map.Entry::getKey)
                .collect(Collectors.toSet())).as("exactly the confirmed holds are bookings").isEqualTo(shoppers.confirmed());
        assertThat(ends.values()).as("the rest expired").containsOnly("CONFIRMED", "EXPIRED");
        assertEachHoldEndedOnce(eventId);
        int booked = shoppers.confirmed().stream().mapToInt(shoppers.holds()::get).sum();
        assertThat(committedSeats(eventId)).containsExactly(booked, 0, seats);
        awaitRedisTakes(eventId, booked);

        // every seat that expired is on sale again, and sells
        sellTheRest(eventId, seats - booked, 4);
        assertThat(committedSeats(eventId)).containsExactly(seats, 0, seats);
        assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
    }

    @Test
    void aConfirmAtTheInstantOfExpiryEitherBooksTheSeatsOrFindsThemTakenNeverBoth() throws Exception {
        int buyers = 30;
        long eventId = createEvent(buyers * 2, "\"max_per_user\": 2, \"hold_ttl_seconds\": 2");
        List<JsonPath> holds = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            users.add(newUser());
            holds.add(hold(eventId, users.get(i), 2).then().statusCode(201).extract().jsonPath());
        }
        Map<Long, Integer> answers = new HashMap<>();
        try (SeatInvariants invariants = SeatInvariants.watch(eventId)) {
            // rivals grab each seat the moment it is back on sale, while each buyer confirms at its
            // hold's expires_at, from 100 ms before to 100 ms after
            try (Shoppers rivals = Shoppers.start(suite.bookingPort(), eventId, 8, 1, 0)) {
                ExecutorService confirms = Executors.newFixedThreadPool(buyers);
                try {
                    List<Future<Integer>> statuses = new ArrayList<>();
                    for (int i = 0; i < buyers; i++) {
                        long holdId = holds.get(i).getLong("hold.id");
                        Instant at = Instant.parse(holds.get(i).getString("hold.expires_at"))
                                .plusMillis(-100 + 200L * i / (buyers - 1));
                        String user = users.get(i);
                        statuses.add(confirms.submit(() -> {
                            TimeUnit.MILLISECONDS.sleep(Math.max(0, Duration.between(Instant.now(), at).toMillis()));
                            return confirmHold(holdId, user).statusCode();
                        }));
                    }
                    for (int i = 0; i < buyers; i++) {
                        answers.put(holds.get(i).getLong("hold.id"), statuses.get(i).get());
                    }
                } finally {
                    confirms.shutdownNow();
                }
            }
            awaitEveryHoldEnded(eventId);
        }

        Map<Long, String> ends = holdEnds(eventId);
        answers.forEach((holdId, status) -> {
            assertThat(status).as("hold %d", holdId).isIn(201, 410);
            assertThat(ends.get(holdId)).as("hold %d, answered %d", holdId, status)
                    .isEqualTo(status == 201 ? "CONFIRMED" : "EXPIRED");
        });
        assertEachHoldEndedOnce(eventId);
        int booked = committedSeats(eventId)[0];
        assertThat(booked).isEqualTo(2 * (int) answers.values().stream().filter(status -> status == 201).count());
        awaitRedisTakes(eventId, booked);
    }

    @Test
    void aConfirmQueuedBehindTheHoldsExpiryStillWinsAndItsSeatsAreNeverSoldMeanwhile() {
        long eventId = createEvent(2, "\"max_per_user\": 2, \"hold_ttl_seconds\": 1");
        String user = newUser();
        long holdId = held(eventId, user, 2);

        // queue-worker is stuck on PostgreSQL past the hold's expiry: the expiry waits in the queue,
        // the buyer's confirm is queued behind it
        suite.queueWorker().postgres().pause();
        try {
            await().pollDelay(Duration.ofMillis(1_500)).until(() -> true);
            confirmHold(holdId, user).then().statusCode(202).body("booking.status", equalTo("PENDING"));
            assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
        } finally {
            suite.queueWorker().postgres().resume();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> holdStatus(holdId).equals("CONFIRMED"));
        assertThat(committedSeats(eventId)).containsExactly(2, 0, 2);
        awaitRedisTakes(eventId, 2);
        assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
    }

    @Test
    void liveHoldsSurviveRedisLosingEverythingAndEachStillEndsOnce() {
        long eventId = createEvent(10, "\"max_per_user\": 4, \"hold_ttl_seconds\": 3");
        String confirming = newUser();
        String releasing = newUser();
        long toConfirm = held(eventId, confirming, 4);
        long toExpire = held(eventId, newUser(), 3);
        long toRelease = held(eventId, releasing, 2);

        loseEverythingInRedis();

        // rebuilt from PostgreSQL, where the holds are: their seats are still theirs
        assertProblem(hold(eventId, newUser(), 2), 409, "NOT_ENOUGH_SEATS").body("available_seats", equalTo(1));
        confirmHold(toConfirm, confirming).then().statusCode(201);
        releaseHold(toRelease, releasing).then().statusCode(200);
        long afterRelease = held(eventId, newUser(), 2);

        awaitEveryHoldEnded(eventId);
        assertThat(Map.of(toConfirm, holdStatus(toConfirm), toExpire, holdStatus(toExpire), toRelease,
                holdStatus(toRelease), afterRelease, holdStatus(afterRelease))).isEqualTo(Map.of(toConfirm, "CONFIRMED",
                toExpire, "EXPIRED", toRelease, "RELEASED", afterRelease, "EXPIRED"));
        assertEachHoldEndedOnce(eventId);
        assertThat(committedSeats(eventId)).containsExactly(4, 0, 10);
        awaitRedisTakes(eventId, 4);
        sellTheRest(eventId, 6, 4);
    }

    @Test
    void holdsExpiringWhileQueueWorkerIsKilledAndDownEndOnceItIsBackAndTheirSeatsSellAgain() {
        int seats = 100;
        long eventId = createEvent(seats, "\"hold_ttl_seconds\": 1");
        Instant lastExpiry = Instant.EPOCH;
        for (int i = 0; i < seats; i++) {
            Instant expiresAt = Instant.parse(hold(eventId, newUser(), 1).then().statusCode(201).extract().jsonPath()
                    .getString("hold.expires_at"));
            lastExpiry = expiresAt.isAfter(lastExpiry) ? expiresAt : lastExpiry;
        }
        Instant allDue = lastExpiry;

        // killed as the first holds expire, and down until every hold is 2 s overdue
        suite.replaceQueueWorker(() -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(allDue.plusSeconds(2)));
            assertThat(heldRows(eventId)).as("nothing expires without queue-worker").isPositive();
        });

        awaitEveryHoldEnded(eventId);
        assertThat(holdEnds(eventId).values()).hasSize(seats).containsOnly("EXPIRED");
        assertEachHoldEndedOnce(eventId);
        assertThat(committedSeats(eventId)).containsExactly(0, 0, seats);
        awaitRedisTakes(eventId, 0);
        sellTheRest(eventId, seats, 1);
    }

    @Test
    void capacityMovedUpAndDownUnderLoadNeverFallsBelowTheSeatsTaken() throws Exception {
        long eventId = createEvent(200, "\"max_per_user\": 2, \"hold_ttl_seconds\": 1");
        Map<Integer, Integer> patches = new HashMap<>();
        Shoppers buyers;
        try (SeatInvariants invariants = SeatInvariants.watch(eventId)) {
            try (Shoppers shoppers = Shoppers.start(suite.bookingPort(), eventId, 16, 2, 0.2)) {
                buyers = shoppers;
                for (int i = 0; i < 60; i++) {
                    int capacity = ThreadLocalRandom.current().nextInt(100, 301);
                    Response patch = patchCapacity(eventId, capacity);
                    if (patch.statusCode() == 409) {
                        assertProblem(patch, 409, "CAPACITY_BELOW_SOLD");
                    } else {
                        patch.then().statusCode(200).body("event.total_seats", equalTo(capacity));
                    }
                    patches.merge(patch.statusCode(), 1, Integer::sum);
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
            awaitEveryHoldEnded(eventId);
        }

        assertThat(patches).as("raised and refused, both").containsKeys(200, 409);
        assertOnlyCheckoutAnswers(buyers);
        int[] committed = committedSeats(eventId);
        awaitRedisTakes(eventId, committed[0]);
        // down to exactly the seats booked, and not one below
        assertProblem(patchCapacity(eventId, committed[0] - 1), 409, "CAPACITY_BELOW_SOLD");
        patchCapacity(eventId, committed[0]).then().statusCode(200).body("event.available_seats", equalTo(0));
        assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
    }

    /** Nothing but the answers of a busy checkout: no 5xx, no 429, no hold lost on the way. */
    private static void assertOnlyCheckoutAnswers(Shoppers shoppers) {
        assertThat(shoppers.answers().keySet()).isSubsetOf("hold 201", "hold 202", "hold 409 SOLD_OUT",
                "hold 409 NOT_ENOUGH_SEATS", "confirm 201", "confirm 202", "confirm 410 HOLD_EXPIRED");
    }

    private static Response patchCapacity(long eventId, int capacity) {
        return given().contentType(ContentType.JSON).body("{\"total_seats\": " + capacity + "}")
                .patch("/api/events/" + eventId);
    }

    /** {@code left} seats held and confirmed, {@code perBuyer} at a time, each by a buyer of its own. */
    private static void sellTheRest(long eventId, int left, int perBuyer) {
        while (left > 0) {
            int quantity = Math.min(perBuyer, left);
            String user = newUser();
            confirmHold(held(eventId, user, quantity), user).then().statusCode(201);
            left -= quantity;
        }
    }

    private static void awaitEveryHoldEnded(long eventId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> heldRows(eventId) == 0);
    }

    private static long heldRows(long eventId) {
        return db().sql("SELECT count(*) FROM bookings WHERE event_id = ? AND status = 'HELD'").param(eventId)
                .query(Long.class).single();
    }

    /** Every hold of the event and the state it ended in. */
    private static Map<Long, String> holdEnds(long eventId) {
        return db().sql("SELECT id, status FROM bookings WHERE event_id = ? AND origin = 'HOLD'").param(eventId)
                .query((rs, row) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * The audit trail of each hold: held once, then released, expired or booked once; an expired
     * hold may still have been booked after its expiry, by a confirm that found its seats free.
     */
    private static void assertEachHoldEndedOnce(long eventId) {
        Map<Long, List<String>> trails = new HashMap<>();
        db().sql("SELECT a.booking_id, a.action FROM booking_audit a JOIN bookings b ON b.id = a.booking_id "
                        + "WHERE b.event_id = ? AND b.origin = 'HOLD' ORDER BY a.id").param(eventId)
                .query((rs, row) -> Map.entry(rs.getLong(1), rs.getString(2))).list()
                .forEach(entry -> trails.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(entry.getValue()));
        Set<List<String>> lawful = Set.of(List.of("HELD", "BOOKED"), List.of("HELD", "RELEASED"),
                List.of("HELD", "EXPIRED"), List.of("HELD", "EXPIRED", "BOOKED"));
        trails.forEach((holdId, trail) -> assertThat(lawful).as("the trail of hold %d", holdId).contains(trail));
    }

    /** Redis counts exactly these seats taken for the event, once the last outcome events arrived. */
    private static void awaitRedisTakes(long eventId, int seats) {
        RedissonClient redisson = suite.cacheService.getBean(RedissonClient.class);
        SeatKeys keys = suite.cacheService.getBean(SeatKeys.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                redisson.getBucket(keys.eventTaken(eventId), StringCodec.INSTANCE).get()).isEqualTo(String.valueOf(seats)));
    }

    private static void loseEverythingInRedis() {
        suite.cacheService.getBean(RedissonClient.class).getKeys()
                .deleteByPattern(TestInfrastructure.redisKeyPrefix() + "*");
    }

    private static JdbcClient db() {
        return suite.bookingService.getBean(JdbcClient.class);
    }
}
