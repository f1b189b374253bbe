package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signed webhooks, end to end: every outcome reaches a subscriber's receiver exactly once after
 * de-duplication, in order per booking, also while the receiver fails, is down, and queue-worker is
 * replaced; retries end in FAILED after the configured time; a deleted subscription gets nothing more.
 */
class WebhookTest extends SuiteTest {

    /** The suite's WEBHOOK_GIVE_UP_AFTER (RunningSuite): long enough for a receiver down across a worker restart. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(15);

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void everyOutcomeReachesTheReceiverSignedOnceAndInOrderPerBooking() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String subscription = subscribe(receiver, List.of("booking.confirmed", "booking.cancelled",
                    "booking.rejected", "hold.created", "hold.confirmed", "hold.released", "hold.expired",
                    "event.sold_out"));
            try {
                long onSale = createEvent(2, "\"hold_ttl_seconds\": 600");
                String reserver = newUser();
                String confirmer = newUser();
                String releaser = newUser();
                long booking = book(onSale, reserver);
                long confirmed = held(onSale, confirmer, 1); // the last seat: sold out
                confirmHold(confirmed, confirmer).then().statusCode(oneOf(200, 201, 202));
                cancel(booking, reserver).then().statusCode(oneOf(200, 201, 202));
                awaitCommitted(booking, "CANCELLED");
                long released = held(onSale, releaser, 1); // sold out again
                awaitCommitted(released, "HELD");
                releaseHold(released, releaser).then().statusCode(oneOf(200, 201, 202));

                long brief = createEvent(1, "\"hold_ttl_seconds\": 1");
                long expired = held(brief, newUser(), 1); // sold out, then expires

                long guarded = createEvent(5);
                String twice = newUser();
                long first = book(guarded, twice);
                forgetHolder(guarded, twice); // Redis admits a second booking, PostgreSQL refuses it
                reserve(guarded, twice).then().statusCode(409);
                long rejected = db().sql("SELECT id FROM bookings WHERE event_id = ? AND status = 'REJECTED'")
                        .param(guarded).query(Long.class).single();

                Map<String, List<String>> expected = new LinkedHashMap<>();
                expected.put("booking:" + booking, List.of("booking.confirmed", "booking.cancelled"));
                expected.put("booking:" + confirmed, List.of("hold.created", "hold.confirmed", "booking.confirmed"));
                expected.put("booking:" + released, List.of("hold.created", "hold.released"));
                expected.put("event:" + onSale, List.of("event.sold_out", "event.sold_out"));
                expected.put("booking:" + expired, List.of("hold.created", "hold.expired"));
                expected.put("event:" + brief, List.of("event.sold_out"));
                expected.put("booking:" + first, List.of("booking.confirmed"));
                expected.put("booking:" + rejected, List.of("booking.rejected"));
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        receiver.typesBySubject(onSale, brief, guarded)).isEqualTo(expected));
                assertThat(receiver.badSignatures()).isZero();

                JsonPath cancelledCall = receiver.accepted().stream()
                        .filter(call -> call.type().equals("booking.cancelled") && call.subject().equals("booking:" + booking))
                        .findFirst().orElseThrow().body();
                assertThat(cancelledCall.getString("occurred_at")).endsWith("Z");
                assertThat(cancelledCall.getLong("data.event_id")).isEqualTo(onSale);
                assertThat(cancelledCall.getString("data.user_id")).isEqualTo(reserver);
                assertThat(cancelledCall.getString("data.status")).isEqualTo("CANCELLED");
                assertThat(cancelledCall.getInt("data.quantity")).isEqualTo(1);
            } finally {
                unsubscribe(subscription);
            }
        }
    }

    @Test
    void aReceiverThatFailsOrIsDownGetsEverythingOnceBackAlsoAcrossAWorkerRestart() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failNext(3);
            String subscription = subscribe(receiver, List.of("booking.confirmed", "booking.cancelled"));
            try {
                long eventId = createEvent(20);
                Map<String, List<String>> expected = new LinkedHashMap<>();
                for (int i = 0; i < 3; i++) {
                    expected.put("booking:" + book(eventId, newUser()), List.of("booking.confirmed"));
                }
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(receiver.typesBySubject(eventId)).isEqualTo(expected));
                assertThat(receiver.calls()).as("the three 500s were retried").isGreaterThanOrEqualTo(6);
                List<Map<String, Object>> delivered = deliveries(subscription);
                assertThat(delivered).allSatisfy(delivery -> assertThat(delivery.get("status")).isEqualTo("DELIVERED"));
                assertThat(delivered).anySatisfy(delivery -> assertThat((Integer) delivery.get("attempts")).isGreaterThan(1));

                receiver.stop();
                String canceller = newUser();
                long cancelled = book(eventId, canceller);
                cancel(cancelled, canceller).then().statusCode(oneOf(200, 201, 202));
                expected.put("booking:" + cancelled, List.of("booking.confirmed", "booking.cancelled"));
                for (int i = 0; i < 3; i++) {
                    expected.put("booking:" + book(eventId, newUser()), List.of("booking.confirmed"));
                }
                // the four bookings' deliveries attempted and failed while the receiver is down (the
                // cancel's waits for its booking's, to keep their order)
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries(subscription))
                        .filteredOn(delivery -> "PENDING".equals(delivery.get("status")) && delivery.get("last_error") != null)
                        .hasSizeGreaterThanOrEqualTo(4));
                suite.replaceQueueWorker();
                receiver.start();

                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(receiver.typesBySubject(eventId)).isEqualTo(expected));
                assertThat(receiver.badSignatures()).isZero();
            } finally {
                unsubscribe(subscription);
            }
        }
    }

    /**
     * A receiver that hangs costs each attempt the response timeout (1 s here). Once its subscription
     * has failed WEBHOOK_PAUSE_AFTER_FAILURES times in a row, it gets no more than one attempt at a
     * time, the probe, and the other subscriber's deliveries go on meanwhile; when it answers again,
     * it gets everything.
     */
    @Test
    void aReceiverThatHangsIsPausedWithoutHoldingUpAnotherAndGetsEverythingOnceItAnswers() {
        try (WebhookReceiver hanging = new WebhookReceiver(); WebhookReceiver healthy = new WebhookReceiver()) {
            hanging.hang();
            String stuck = subscribe(hanging, List.of("booking.confirmed"));
            String served = subscribe(healthy, List.of("booking.confirmed"));
            try {
                long eventId = createEvent(40);
                Map<String, List<String>> expected = new LinkedHashMap<>();
                for (int i = 0; i < 40; i++) {
                    expected.put("booking:" + book(eventId, newUser()), List.of("booking.confirmed"));
                }
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(healthy.typesBySubject(eventId)).isEqualTo(expected));
                await().atMost(PATIENCE).until(() -> db().sql(
                                "SELECT paused_until IS NOT NULL FROM webhook_subscriptions WHERE id = ?::uuid")
                        .param(stuck).query(Boolean.class).single());

                // the attempts claimed before the pause began have all reached the receiver by now
                await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
                int before = hanging.calls();
                await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
                // probes one after another, each hanging for the 1 s response timeout: 3 at most in
                // 3 s, 1 more for one already under way; unpaused, 8 at once would hang 24 times
                assertThat(hanging.calls() - before).as("attempts while paused").isLessThanOrEqualTo(4);
                assertThat(deliveries(stuck)).as("postponed, not attempted")
                        .anySatisfy(delivery -> assertThat(delivery.get("attempts")).isEqualTo(0));
                given().get("/api/webhooks/" + stuck).then().statusCode(200)
                        .body("webhook.consecutive_failures", greaterThanOrEqualTo(10))
                        .body("webhook", hasKey("paused_until"));

                hanging.answer();
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(hanging.typesBySubject(eventId)).isEqualTo(expected));
                assertThat(hanging.badSignatures()).isZero();
                // the receiver counts a call before its answer reaches queue-worker, which then ends the pause
                await().atMost(PATIENCE).untilAsserted(() -> given().get("/api/webhooks/" + stuck).then().statusCode(200)
                        .body("webhook.consecutive_failures", equalTo(0))
                        .body("webhook", not(hasKey("paused_until"))));
            } finally {
                unsubscribe(stuck);
                unsubscribe(served);
            }
        }
    }

    @Test
    void aDeliveryIsFailedOnceItsRetriesRunOut() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failAlways();
            String subscription = subscribe(receiver, List.of("booking.confirmed"));
            try {
                book(createEvent(1), newUser());
                await().atMost(GIVE_UP_AFTER.plus(PATIENCE)).untilAsserted(() -> assertThat(deliveries(subscription))
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.get("status")).isEqualTo("FAILED");
                            assertThat((Integer) delivery.get("attempts")).isGreaterThan(2);
                            assertThat(delivery.get("last_response_code")).isEqualTo(500);
                        }));
            } finally {
                unsubscribe(subscription);
            }
        }
    }

    @Test
    void aDeletedSubscriptionGetsNothingMoreAndItsPendingDeliveriesAreCancelled() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.stop();
            String subscription = subscribe(receiver, List.of("booking.confirmed"));
            book(createEvent(1), newUser());
            await().atMost(PATIENCE).until(() -> deliveries(subscription).stream()
                    .anyMatch(delivery -> (Integer) delivery.get("attempts") >= 1));

            unsubscribe(subscription);
            // an attempt claimed just before the delete may still be under way (against the closed
            // port); once its claim has run out, no attempt can start any more
            await().atMost(PATIENCE).until(() -> db().sql("SELECT count(*) FROM webhook_deliveries "
                    + "WHERE subscription_id = ?::uuid AND attempt_until > now()").param(subscription)
                    .query(Long.class).single() == 0);
            receiver.start();

            given().get("/api/webhooks/" + subscription).then().statusCode(404);
            given().get("/api/webhooks/" + subscription + "/deliveries").then().statusCode(404);
            assertThat(db().sql("SELECT DISTINCT status FROM webhook_deliveries WHERE subscription_id = ?::uuid")
                    .param(subscription).query(String.class).list()).containsExactly("CANCELLED");
            int callsAfterDelete = receiver.calls();
            book(createEvent(1), newUser());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.calls() == callsAfterDelete);
        }
    }

    @Test
    void aSubscriptionShowsItsSecretOnlyOnceAndIsAnAdminsBusinessInJwtMode() {
        String body = "{\"url\": \"http://127.0.0.1:9/hooks\", \"events\": [\"event.sold_out\"]}";
        jwtApi().contentType(ContentType.JSON).body(body).post("/api/webhooks").then().statusCode(401);
        asUser(newUser()).contentType(ContentType.JSON).body(body).post("/api/webhooks").then().statusCode(403);
        String id = asAdmin().contentType(ContentType.JSON).body(body).post("/api/webhooks")
                .then().statusCode(201)
                .body("webhook.secret", startsWith("whsec_"))
                .extract().jsonPath().getString("webhook.id");
        asUser(newUser()).get("/api/webhooks/" + id).then().statusCode(403);
        asAdmin().get("/api/webhooks/" + id).then().statusCode(200)
                .body("webhook.events", contains("event.sold_out"))
                .body("webhook", not(hasKey("secret")));
        asAdmin().get("/api/webhooks").then().statusCode(200)
                .body("data.id", hasItem(id));
        asAdmin().delete("/api/webhooks/" + id).then().statusCode(200);
        asAdmin().delete("/api/webhooks/" + id).then().statusCode(404);
    }

    static String subscribe(WebhookReceiver receiver, List<String> types) {
        String secret;
        JsonPath created = given().contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(), "events", types))
                .post("/api/webhooks")
                .then().statusCode(201)
                .extract().jsonPath();
        secret = created.getString("webhook.secret");
        receiver.trust(secret);
        return created.getString("webhook.id");
    }

    static void unsubscribe(String subscription) {
        given().delete("/api/webhooks/" + subscription).then().statusCode(200);
    }

    private static List<Map<String, Object>> deliveries(String subscription) {
        return given().get("/api/webhooks/" + subscription + "/deliveries?limit=100")
                .then().statusCode(200)
                .extract().jsonPath().getList("data");
    }

    /** Waits until PostgreSQL has the claim in this state, so the next step follows it. */
    private static void awaitCommitted(long bookingId, String status) {
        await().atMost(PATIENCE).until(() -> status.equals(db()
                .sql("SELECT status FROM bookings WHERE id = ?").param(bookingId).query(String.class).single()));
    }

    private static JdbcClient db() {
        return suite.bookingService.getBean(JdbcClient.class);
    }
}
