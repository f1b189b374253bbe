package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;

import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import dev.seatbooking.worker.command.WorkerProperties;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The waiting list end to end: its rules, offers made of every seat that comes back (cancelled,
 * released, expired, added) in order and exactly once, public holds never getting those seats, and
 * offers outstanding across a Redis flush and a queue-worker restart.
 */
class WaitlistTest extends SuiteTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aSoldOutEventsListTakesWaitersInOrderAndAnOfferIsConfirmedThroughTheHoldsApi() throws Exception {
        long eventId = createEvent(2, "\"max_per_user\": 2");
        String booker = newUser();
        String holder = newUser();
        assertProblem(join(eventId, newUser(), 1), 409, "SEATS_AVAILABLE");
        long booking = book(eventId, booker);
        long hold = held(eventId, holder, 1);

        String first = newUser();
        String second = newUser();
        assertProblem(join(eventId, newUser(), 3), 409, "LIMIT_EXCEEDED").body("max_per_user", equalTo(2));
        assertProblem(join(eventId, newUser(), 51), 400, "VALIDATION_ERROR");
        assertProblem(join(eventId, booker, 1), 409, "ALREADY_BOOKED");
        long firstEntry = joined(eventId, first, 1);
        assertProblem(join(eventId, first, 1), 409, "ALREADY_WAITING");
        Response secondJoin = join(eventId, second, 2);
        secondJoin.then().statusCode(201)
                .header("Location", "/api/waitlist/" + secondJoin.jsonPath().getLong("entry.id"))
                .body("success", equalTo(true))
                .body("entry.status", equalTo("WAITING"))
                .body("entry.position", equalTo(2))
                .body("entry.quantity", equalTo(2));
        long secondEntry = secondJoin.jsonPath().getLong("entry.id");
        assertProblem(join(Long.MAX_VALUE, newUser(), 1), 404, "EVENT_NOT_FOUND");
        assertThat(entry(firstEntry).getInt("entry.position")).isEqualTo(1);
        assertThat(event(eventId).getInt("event.waitlist_size")).isEqualTo(2);
        assertThat(event(eventId).getInt("event.waitlist_offer_ttl_seconds")).isEqualTo(900);

        try (SeatInvariants invariants = SeatInvariants.watch(eventId)) {
            cancel(booking, booker).then().statusCode(200);
            long offer = awaitOffer(firstEntry);
            JsonPath offered = entry(firstEntry);
            assertThat(offered.getString("entry.offer_expires_at")).isNotNull();
            assertThat(offered.getString("entry.position")).isNull();
            // the cancelled seat is the first entry's: no public hold gets it
            assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
            assertThat(entry(secondEntry).getInt("entry.position")).isEqualTo(1);

            confirmHold(offer, first).then().statusCode(201);
            assertThat(entry(firstEntry).getString("entry.status")).isEqualTo("ACCEPTED");
            assertProblem(leave(firstEntry, first), 409, "WAITLIST_ENTRY_ENDED");

            // one seat back: the second entry wants two and waits on
            releaseHold(hold, holder).then().statusCode(200);
            await().atMost(PATIENCE).until(() -> committedSeats(eventId)[1] == 0);
            assertThat(entry(secondEntry).getString("entry.status")).isEqualTo("WAITING");
            leave(secondEntry, second).then().statusCode(200).body("entry.status", equalTo("LEFT"));
            leave(secondEntry, second).then().statusCode(200).body("entry.status", equalTo("LEFT"));
            assertProblem(leave(secondEntry, newUser()), 404, "WAITLIST_ENTRY_NOT_FOUND");
            assertThat(event(eventId).getInt("event.waitlist_size")).isZero();
            // no one waits any more: the seat is anyone's
            awaitHeld(eventId, newUser());
        }
    }

    /**
     * A join must not slip in unseen between a seat coming back and the offers of it, or the seat
     * would go on sale while someone waits: a join waits for a commit that moves the event's seats,
     * and then sees the seat free.
     */
    @Test
    void aJoinWaitsForACommitThatGivesSeatsBackAndThenSeesThem() throws Exception {
        long eventId = createEvent(1);
        held(eventId, newUser(), 1);
        await().atMost(PATIENCE).until(() -> committedSeats(eventId)[1] == 1);
        try (Connection seatsBack = suite.bookingService.getBean(DataSource.class).getConnection()) {
            seatsBack.setAutoCommit(false);
            // as a PATCH raising the capacity does: the event row is locked until the commit
            try (PreparedStatement raise = seatsBack.prepareStatement(
                    "UPDATE events SET total_seats = total_seats + 1 WHERE id = ?")) {
                raise.setLong(1, eventId);
                assertThat(raise.executeUpdate()).isOne();
            }
            CompletableFuture<Response> join = CompletableFuture.supplyAsync(() -> join(eventId, newUser(), 1));
            await().atMost(PATIENCE).until(() -> join.isDone() || db().sql("""
                            SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
                                AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO waitlist_entries%')""")
                    .query(Boolean.class).single());
            assertThat(join).as(() -> "answered while the event row was locked: " + join.join().asString())
                    .isNotDone();
            seatsBack.commit();
            assertProblem(join.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), 409, "SEATS_AVAILABLE");
        }
        assertThat(db().sql("SELECT count(*) FROM waitlist_entries WHERE event_id = ?").param(eventId)
                .query(Long.class).single()).isZero();
    }

    /**
     * An offer can be read (OFFERED) as soon as it commits, and its seats reach Redis with its HELD
     * outcome only after that: a confirm in between is asked to retry, never told the offer expired,
     * and books the seats once they are there. cache-service's outcome listener is stopped to hold
     * that moment open, and its reconciliation kept from running (it would give the offer its seats).
     */
    @Test
    void anOfferConfirmedBeforeItsSeatsReachedRedisIsAskedToRetryAndThenBooks() {
        long eventId = createEvent(1, "\"waitlist_offer_ttl_seconds\": 600");
        String holder = newUser();
        long hold = held(eventId, holder, 1);
        String waiter = newUser();
        long entry = joined(eventId, waiter, 1);
        RabbitListenerEndpointRegistry outcomes = suite.cacheService.getBean(RabbitListenerEndpointRegistry.class);
        RLock reconciliation = suite.cacheService.getBean(RedissonClient.class)
                .getLock(suite.cacheService.getBean(SeatKeys.class).reconcileLock());
        long offer;
        reconciliation.lock();
        outcomes.stop();
        try {
            releaseHold(hold, holder).then().statusCode(200);
            offer = awaitOffer(entry);
            assertProblem(confirmHold(offer, waiter), 409, "HOLD_PENDING");
        } finally {
            outcomes.start();
            reconciliation.unlock();
        }
        await().atMost(PATIENCE).until(() -> {
            Response confirm = confirmHold(offer, waiter);
            if (confirm.statusCode() != 201) {
                assertProblem(confirm, 409, "HOLD_PENDING");
            }
            return confirm.statusCode() == 201;
        });
        awaitStatus(entry, "ACCEPTED");
        assertThat(committedSeats(eventId)).containsExactly(1, 0, 1);
    }

    /**
     * An offer a capacity change made expires through its own expiry message, like one queue-worker
     * made: the sweep expires a hold only its grace after its time.
     */
    @Test
    void anOfferMadeByAddingSeatsExpiresWhenDueAndTheNextWaiterGetsTheSeat() {
        long eventId = createEvent(1, "\"waitlist_offer_ttl_seconds\": 1");
        held(eventId, newUser(), 1);
        await().atMost(PATIENCE).until(() -> committedSeats(eventId)[1] == 1);
        long first = joined(eventId, newUser(), 1);
        long second = joined(eventId, newUser(), 1);

        given().contentType(ContentType.JSON).body("{\"total_seats\": 2}")
                .patch("/api/events/" + eventId).then().statusCode(200);
        awaitStatus(first, "EXPIRED");
        awaitOffer(second);

        Duration grace = suite.queueWorker().context().getBean(WorkerProperties.class).holdSweepGrace();
        Duration late = Duration.ofMillis(db().sql("""
                        SELECT (EXTRACT(EPOCH FROM b.updated_at - b.expires_at) * 1000)::bigint
                        FROM waitlist_entries w JOIN bookings b ON b.id = w.hold_id WHERE w.id = ?""")
                .param(first).query(Long.class).single());
        assertThat(late).as("expired by its own expiry, not by the sweep").isLessThan(grace);
    }

    @Test
    void anExpiredOrDeclinedOfferMovesOnAndAddedSeatsAreOfferedFirstEachAnnounced() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String subscription = WebhookTest.subscribe(receiver, List.of("waitlist.offered", "waitlist.expired"));
            try {
                long eventId = createEvent(1, "\"waitlist_offer_ttl_seconds\": 600");
                String holder = newUser();
                long hold = held(eventId, holder, 1);
                String[] users = {newUser(), newUser(), newUser(), newUser()};
                long[] entries = new long[users.length];
                for (int i = 0; i < users.length; i++) {
                    entries[i] = joined(eventId, users[i], 1);
                }
                try (SeatInvariants invariants = SeatInvariants.watch(eventId)) {
                    releaseHold(hold, holder).then().statusCode(200);
                    long firstOffer = awaitOffer(entries[0]);
                    // its time is up: the expiry sweep finds it
                    db().sql("UPDATE bookings SET expires_at = now() WHERE id = ?").param(firstOffer).update();
                    awaitStatus(entries[0], "EXPIRED");
                    long secondOffer = awaitOffer(entries[1]);
                    assertProblem(confirmHold(secondOffer, users[0]), 404, "HOLD_NOT_FOUND");

                    leave(entries[1], users[1]).then().statusCode(200).body("entry.status", equalTo("LEFT"));
                    long thirdOffer = awaitOffer(entries[2]);
                    confirmHold(thirdOffer, users[2]).then().statusCode(201);

                    // a seat added is the waiting list's first
                    given().contentType(ContentType.JSON).body("{\"total_seats\": 2}")
                            .patch("/api/events/" + eventId).then().statusCode(200)
                            .body("event.waitlist_size", equalTo(0))
                            .body("event.available_seats", equalTo(0));
                    long fourthOffer = awaitOffer(entries[3]);
                    assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
                    confirmHold(fourthOffer, users[3]).then().statusCode(201);
                    assertThat(committedSeats(eventId)).containsExactly(2, 0, 2);
                }

                Map<String, List<String>> expected = new LinkedHashMap<>();
                expected.put("waitlist:" + entries[0], List.of("waitlist.offered", "waitlist.expired"));
                expected.put("waitlist:" + entries[1], List.of("waitlist.offered"));
                expected.put("waitlist:" + entries[2], List.of("waitlist.offered"));
                expected.put("waitlist:" + entries[3], List.of("waitlist.offered"));
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(receiver.typesBySubject(eventId)).isEqualTo(expected));
                assertThat(receiver.badSignatures()).isZero();
                JsonPath offered = receiver.accepted().stream()
                        .filter(call -> call.subject().equals("waitlist:" + entries[2])).findFirst().orElseThrow().body();
                assertThat(offered.getString("data.user_id")).isEqualTo(users[2]);
                assertThat(offered.getLong("data.hold_id")).isEqualTo(entry(entries[2]).getLong("entry.hold_id"));
                assertThat(offered.getString("data.status")).isEqualTo("OFFERED");
            } finally {
                WebhookTest.unsubscribe(subscription);
            }
        }
    }

    /**
     * The storm: a sold-out event, a waiting list of 1,000, then cancels, releases and
     * expiries all at once while others try to hold: every freed seat is offered, in order, once; no
     * public hold gets one; the offers confirmed fill the event exactly.
     */
    @Test
    void aThousandWaitersGetEveryFreedSeatInOrderOnceAndConfirmedOffersNeverOversell() throws Exception {
        int third = 50;
        long eventId = createEvent(3 * third, "\"waitlist_offer_ttl_seconds\": 600");
        Map<Long, String> bookings = new LinkedHashMap<>();
        Map<Long, String> released = new LinkedHashMap<>();
        Map<Long, String> expiring = new LinkedHashMap<>();
        inParallel(IntStream.range(0, 3 * third).mapToObj(i -> (Callable<Void>) () -> {
            String user = newUser();
            if (i % 3 == 0) {
                long id = book(eventId, user);
                synchronized (bookings) {
                    bookings.put(id, user);
                }
            } else {
                long id = held(eventId, user, 1);
                Map<Long, String> into = i % 3 == 1 ? released : expiring;
                synchronized (into) {
                    into.put(id, user);
                }
            }
            return null;
        }).toList());

        List<String> waiters = IntStream.range(0, 1000).mapToObj(i -> newUser()).toList();
        List<Integer> joins = inParallel(waiters.stream()
                .map(user -> (Callable<Integer>) () -> join(eventId, user, 1).statusCode()).toList());
        assertThat(joins).containsOnly(201);
        assertThat(event(eventId).getInt("event.waitlist_size")).isEqualTo(1000);

        try (SeatInvariants invariants = SeatInvariants.watch(eventId)) {
            List<Callable<Integer>> storm = new ArrayList<>();
            bookings.forEach((id, user) -> storm.add(() -> cancel(id, user).statusCode()));
            released.forEach((id, user) -> storm.add(() -> releaseHold(id, user).statusCode()));
            storm.add(() -> {
                // their time is up: the expiry sweep finds them
                db().sql("UPDATE bookings SET expires_at = now() WHERE id IN (:ids)").param("ids", expiring.keySet())
                        .update();
                return 200;
            });
            List<Callable<Integer>> publicHolds = IntStream.range(0, 100)
                    .mapToObj(i -> (Callable<Integer>) () -> hold(eventId, newUser(), 1).statusCode()).toList();
            storm.addAll(publicHolds);
            List<Integer> answers = inParallel(storm);
            // committed (200), or queued and committed a moment later (202)
            assertThat(answers.subList(0, 2 * third + 1)).allMatch(status -> status == 200 || status == 202);
            assertThat(answers.subList(2 * third + 1, answers.size())).as("public holds").doesNotContain(201, 202);

            await().atMost(PATIENCE).until(() -> offeredEntries(eventId).size() == 3 * third);
            List<Long> entriesInOrder = db().sql("SELECT id FROM waitlist_entries WHERE event_id = ? ORDER BY id")
                    .param(eventId).query(Long.class).list();
            assertThat(offeredEntries(eventId).keySet()).as("the first 150 in line")
                    .containsExactlyElementsOf(entriesInOrder.subList(0, 3 * third));
            Set<Long> offers = Set.copyOf(offeredEntries(eventId).values());
            assertThat(offers).hasSize(3 * third);
            assertThat(committedSeats(eventId)).containsExactly(0, 3 * third, 3 * third);
            assertThat(rejectedBookings(eventId)).isZero();

            Map<Long, String> offerHolders = db().sql("""
                            SELECT b.id, b.user_id FROM waitlist_entries w JOIN bookings b ON b.id = w.hold_id
                            WHERE w.event_id = ? AND b.status = 'HELD'""").param(eventId)
                    .query((rs, row) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            List<Integer> confirms = inParallel(offerHolders.entrySet().stream()
                    .map(offer -> (Callable<Integer>) () -> confirmHold(offer.getKey(), offer.getValue()).statusCode())
                    .toList());
            assertThat(confirms).containsOnly(201);
            assertBothStoresHoldExactly(eventId, offers);
            assertThat(committedSeats(eventId)).containsExactly(3 * third, 0, 3 * third);
            assertThat(event(eventId).getInt("event.waitlist_size")).isEqualTo(1000 - 3 * third);
        }
    }

    @Test
    void offersOutstandingSurviveARedisFlushAndAQueueWorkerRestartAndAreMadeOnce() throws Exception {
        long eventId = createEvent(2);
        String firstBooker = newUser();
        String secondBooker = newUser();
        long firstBooking = book(eventId, firstBooker);
        long secondBooking = book(eventId, secondBooker);
        String[] users = {newUser(), newUser(), newUser()};
        long[] entries = new long[users.length];
        for (int i = 0; i < users.length; i++) {
            entries[i] = joined(eventId, users[i], 1);
        }
        try (SeatInvariants invariants = SeatInvariants.watch(eventId)) {
            cancel(firstBooking, firstBooker).then().statusCode(200);
            long firstOffer = awaitOffer(entries[0]);

            suite.replaceQueueWorker(() -> {
                RedissonClient redisson = suite.cacheService.getBean(RedissonClient.class);
                redisson.getKeys().deleteByPattern(TestInfrastructure.redisKeyPrefix() + "*");
                // queued while no worker runs: committed, with its offer, once one is back
                cancel(secondBooking, secondBooker).then().statusCode(oneOf(200, 202));
            });
            long secondOffer = awaitOffer(entries[1]);

            // Redis, loaded again from PostgreSQL, has both seats with their offers
            assertProblem(hold(eventId, newUser(), 1), 409, "SOLD_OUT");
            confirmHold(firstOffer, users[0]).then().statusCode(201);

            db().sql("UPDATE bookings SET expires_at = now() WHERE id = ?").param(secondOffer).update();
            awaitStatus(entries[1], "EXPIRED");
            long thirdOffer = awaitOffer(entries[2]);
            confirmHold(thirdOffer, users[2]).then().statusCode(201);

            assertThat(db().sql("SELECT count(*) FROM bookings WHERE event_id = ? AND user_id IN (?, ?, ?)")
                    .params(eventId, users[0], users[1], users[2]).query(Long.class).single())
                    .as("one offer per entry").isEqualTo(3);
            assertBothStoresHoldExactly(eventId, Set.of(firstOffer, thirdOffer));
        }
    }

    @Test
    void inJwtModeAnEntryIsItsSubjectsOnly() {
        long eventId = createEvent(1);
        book(eventId, newUser());
        String waiter = newUser();
        jwtApi().contentType(ContentType.JSON).body("{}").post("/api/events/" + eventId + "/waitlist")
                .then().statusCode(401);
        assertProblem(asUser(waiter).contentType(ContentType.JSON).body("{\"user_id\": \"someone-else\"}")
                .post("/api/events/" + eventId + "/waitlist"), 403, "FORBIDDEN");
        long entryId = asUser(waiter).contentType(ContentType.JSON).body("{}").post("/api/events/" + eventId + "/waitlist")
                .then().statusCode(201).body("entry.user_id", equalTo(waiter)).extract().jsonPath().getLong("entry.id");

        asUser(waiter).get("/api/waitlist/" + entryId).then().statusCode(200);
        assertProblem(asUser(newUser()).get("/api/waitlist/" + entryId), 404, "WAITLIST_ENTRY_NOT_FOUND");
        assertProblem(asUser(newUser()).contentType(ContentType.JSON).body("{}").delete("/api/waitlist/" + entryId),
                404, "WAITLIST_ENTRY_NOT_FOUND");
        asUser(waiter).contentType(ContentType.JSON).body("{}").delete("/api/waitlist/" + entryId)
                .then().statusCode(200).body("entry.status", equalTo("LEFT"));
    }

    static Response join(long eventId, String userId, int quantity) {
        return given().contentType(ContentType.JSON)
                .body("{\"user_id\": \"" + userId + "\", \"quantity\": " + quantity + "}")
                .post("/api/events/" + eventId + "/waitlist");
    }

    private static long joined(long eventId, String userId, int quantity) {
        return join(eventId, userId, quantity).then().statusCode(201).extract().jsonPath().getLong("entry.id");
    }

    private static JsonPath entry(long entryId) {
        return given().get("/api/waitlist/" + entryId).then().statusCode(200).extract().jsonPath();
    }

    private static Response leave(long entryId, String userId) {
        return given().contentType(ContentType.JSON).body("{\"user_id\": \"" + userId + "\"}")
                .delete("/api/waitlist/" + entryId);
    }

    private static void awaitStatus(long entryId, String status) {
        await().atMost(PATIENCE).until(() -> entry(entryId).getString("entry.status").equals(status));
    }

    /** The offer's hold id, once the entry has one. */
    private static long awaitOffer(long entryId) {
        awaitStatus(entryId, "OFFERED");
        return entry(entryId).getLong("entry.hold_id");
    }

    /** A public hold gets a seat once the freed one reached Redis. */
    private static void awaitHeld(long eventId, String userId) {
        await().atMost(PATIENCE).until(() -> hold(eventId, userId, 1).statusCode() == 201);
    }

    /** Entry id to its offer's hold id, for the entries that got one. */
    private static Map<Long, Long> offeredEntries(long eventId) {
        Map<Long, Long> offered = new LinkedHashMap<>();
        db().sql("SELECT id, hold_id FROM waitlist_entries WHERE event_id = ? AND status = 'OFFERED' ORDER BY id")
                .param(eventId).query((rs, row) -> offered.put(rs.getLong(1), rs.getLong(2))).list();
        return offered;
    }

    private static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<T> answers = new ArrayList<>(tasks.size());
            for (Future<T> answer : pool.invokeAll(tasks)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JdbcClient db() {
        return suite.bookingService.getBean(JdbcClient.class);
    }
}
