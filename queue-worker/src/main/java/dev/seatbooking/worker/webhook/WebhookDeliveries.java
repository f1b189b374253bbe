package dev.seatbooking.worker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of webhook delivery, in one place. The rows are written by the triggers of
 * V3__webhooks.sql; from then on this class moves them, and every step is a single statement, so
 * that what a step decides (may this attempt start?) is decided by PostgreSQL's row lock rather than
 * by a read followed by a write.
 */
@Repository
class WebhookDeliveries {

    /**
     * A delivery claimed for one attempt, with what the attempt needs; {@code subscriptionFailing}: its
     * subscription has failed pause-after-failures attempts in a row, so the attempt must first take
     * the probe ({@link #takeProbe}).
     */
    record Attempt(long id, UUID subscriptionId, String orderingKey, int attemptsBefore, Instant createdAt,
            String url, String secret, UUID messageId, String type, String occurredAt, Instant occurred, String data,
            boolean subscriptionFailing) {
    }

    /** How many deliveries wait, since when the oldest of them, and how many subscriptions are paused. */
    record Backlog(long pending, Instant oldestCreatedAt, long pausedSubscriptions) {
    }

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The deliveries the relay should publish (new ones, and those whose message seems lost), locked
     * until the caller's transaction ends; rows another relay has locked are skipped.
     */
    List<Long> lockDueForRelay(int limit) {
        return jdbc.sql("""
                SELECT id FROM webhook_deliveries
                WHERE status = 'PENDING' AND relay_after <= clock_timestamp()
                ORDER BY relay_after
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""")
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    void relayed(List<Long> ids, Duration lease) {
        jdbc.sql("UPDATE webhook_deliveries SET relay_after = clock_timestamp() + :lease * interval '1 millisecond' "
                        + "WHERE id IN (:ids)")
                .param("lease", lease.toMillis())
                .param("ids", ids)
                .update();
    }

    /**
     * Claims the delivery for one attempt, if it may be attempted now: still PENDING, due, not being
     * attempted (a duplicate message finds it claimed), its subscription not paused ({@link #postpone}),
     * and no earlier delivery of the same ordering key to the same subscriber still pending (that
     * one's end wakes this one, see {@link #nextInOrder}). The claim lasts for {@code lease}; a worker
     * that dies mid-attempt leaves it to the relay.
     */
    Optional<Attempt> claim(long id, Duration lease, int pauseAfterFailures) {
        return jdbc.sql("""
                WITH claimed AS (
                    UPDATE webhook_deliveries d
                    SET attempt_until = clock_timestamp() + :lease * interval '1 millisecond',
                        relay_after = clock_timestamp() + :lease * interval '1 millisecond'
                    WHERE d.id = :id AND d.status = 'PENDING'
                      -- a retry's message may come a moment early when RabbitMQ's clock is ahead
                      AND d.next_attempt_at <= clock_timestamp() + interval '1 second'
                      AND (d.attempt_until IS NULL OR d.attempt_until < clock_timestamp())
                      AND NOT EXISTS (SELECT 1 FROM webhook_subscriptions paused
                                      WHERE paused.id = d.subscription_id AND paused.paused_until > clock_timestamp())
                      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries earlier
                                      WHERE earlier.subscription_id = d.subscription_id
                                        AND earlier.ordering_key = d.ordering_key
                                        AND earlier.status = 'PENDING' AND earlier.id < d.id)
                    RETURNING d.id, d.subscription_id, d.message_id, d.ordering_key, d.attempts, d.created_at)
                SELECT c.id, c.subscription_id, c.ordering_key, c.attempts, c.created_at, s.url, s.secret,
                       m.id AS message_id, m.type, webhook_time(m.occurred_at) AS occurred_at_text,
                       m.occurred_at, m.data::text AS data, s.consecutive_failures >= :pauseAfter AS failing
                FROM claimed c
                JOIN webhook_subscriptions s ON s.id = c.subscription_id
                JOIN webhook_messages m ON m.id = c.message_id""")
                .param("id", id)
                .param("lease", lease.toMillis())
                .param("pauseAfter", pauseAfterFailures)
                .query((row, n) -> new Attempt(row.getLong("id"), row.getObject("subscription_id", UUID.class),
                        row.getString("ordering_key"), row.getInt("attempts"),
                        row.getTimestamp("created_at").toInstant(), row.getString("url"), row.getString("secret"),
                        row.getObject("message_id", UUID.class), row.getString("type"),
                        row.getString("occurred_at_text"), row.getTimestamp("occurred_at").toInstant(),
                        row.getString("data"), row.getBoolean("failing")))
                .optional();
    }

    /**
     * Makes the claimed attempt the probe of its failing subscription: the one attempt allowed while
     * it is paused, from the pause's end until the attempt's end (at most {@code lease}). The row lock
     * decides: of two attempts asking at once, the second finds the pause already taken again.
     * @return whether this attempt is the probe; if not, it is {@link #postpone}d
     */
    boolean takeProbe(UUID subscriptionId, Duration lease) {
        return jdbc.sql("""
                UPDATE webhook_subscriptions
                SET paused_until = clock_timestamp() + :lease * interval '1 millisecond'
                WHERE id = :subscription AND (paused_until IS NULL OR paused_until <= clock_timestamp())""")
                .param("subscription", subscriptionId)
                .param("lease", lease.toMillis())
                .update() == 1;
    }

    /**
     * A delivery of a paused subscription, which is not attempted now: it is due again when the pause
     * ends, and the relay publishes it then (no message waits for it), unless {@code giveUpAfter} has
     * passed since it was written: then it is FAILED. {@code claimed}: the caller's claim of it ends;
     * otherwise a delivery being attempted (the probe, or an attempt begun before the pause) is left
     * alone, as is one that is not PENDING or whose subscription is not paused.
     * @return the delivery's status after, if it was postponed or failed
     */
    Optional<String> postpone(long id, Duration giveUpAfter, boolean claimed) {
        return jdbc.sql("""
                UPDATE webhook_deliveries d
                SET attempt_until = NULL,
                    next_attempt_at = GREATEST(d.next_attempt_at, s.paused_until),
                    relay_after = GREATEST(d.next_attempt_at, s.paused_until),
                    status = CASE WHEN d.created_at <= give_up.written_before THEN 'FAILED' ELSE d.status END,
                    finished_at = CASE WHEN d.created_at <= give_up.written_before THEN clock_timestamp() END,
                    last_error = CASE WHEN d.created_at <= give_up.written_before
                                      THEN 'not attempted: its subscription was paused, the receiver failing'
                                      ELSE d.last_error END
                FROM webhook_subscriptions s,
                     (SELECT clock_timestamp() - :giveUp * interval '1 millisecond' AS written_before) give_up
                WHERE d.id = :id AND d.status = 'PENDING' AND s.id = d.subscription_id
                  AND s.paused_until > clock_timestamp()
                  AND (:claimed OR d.attempt_until IS NULL OR d.attempt_until < clock_timestamp())
                RETURNING d.status""")
                .param("id", id)
                .param("giveUp", giveUpAfter.toMillis())
                .param("claimed", claimed)
                .query(String.class)
                .optional();
    }

    /** An attempt to the subscription failed. @return its failures in a row, this one included */
    int failed(UUID subscriptionId) {
        return jdbc.sql("UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 "
                        + "WHERE id = :subscription RETURNING consecutive_failures")
                .param("subscription", subscriptionId)
                .query(Integer.class)
                .optional().orElse(0);
    }

    /** No attempt to the subscription for {@code pause} but the probe that takes its end. */
    void pause(UUID subscriptionId, Duration pause) {
        jdbc.sql("UPDATE webhook_subscriptions SET paused_until = clock_timestamp() + :pause * interval '1 millisecond' "
                        + "WHERE id = :subscription")
                .param("subscription", subscriptionId)
                .param("pause", pause.toMillis())
                .update();
    }

    /**
     * An attempt to the subscription got a 2xx. If it had failures in a row (a probe, or an attempt
     * under way when the pause began), it is no longer paused, and its deliveries that waited for the
     * pause to end are due now: the relay publishes them on its next pass. Otherwise nothing is
     * written, so that a healthy subscription's row is not rewritten by every delivery.
     * @return the deliveries made due now
     */
    int succeeded(UUID subscriptionId) {
        int recovered = jdbc.sql("UPDATE webhook_subscriptions SET consecutive_failures = 0, paused_until = NULL "
                        + "WHERE id = :subscription AND consecutive_failures > 0")
                .param("subscription", subscriptionId)
                .update();
        if (recovered == 0) {
            return 0;
        }
        return jdbc.sql("""
                UPDATE webhook_deliveries
                SET next_attempt_at = LEAST(next_attempt_at, clock_timestamp()), relay_after = clock_timestamp()
                WHERE subscription_id = :subscription AND status = 'PENDING'
                  AND (attempt_until IS NULL OR attempt_until < clock_timestamp())""")
                .param("subscription", subscriptionId)
                .update();
    }

    /** The attempt succeeded, or it failed for the last time: the delivery ends DELIVERED or FAILED. */
    void finish(long id, boolean delivered, Integer responseCode, String error) {
        jdbc.sql("""
                UPDATE webhook_deliveries
                SET status = :status, attempts = attempts + 1, attempt_until = NULL, last_response_code = :code,
                    last_error = :error, finished_at = clock_timestamp()
                WHERE id = :id AND status = 'PENDING'""")
                .param("id", id)
                .param("status", delivered ? "DELIVERED" : "FAILED")
                .param("code", responseCode)
                .param("error", error)
                .update();
    }

    /**
     * The attempt failed; the next is due after {@code delay}. Should its message (parked for that
     * long in a retry queue) be lost, the relay publishes it again a lease later.
     */
    void retryAfter(long id, Duration delay, Duration lease, Integer responseCode, String error) {
        jdbc.sql("""
                UPDATE webhook_deliveries
                SET attempts = attempts + 1, attempt_until = NULL, last_response_code = :code, last_error = :error,
                    next_attempt_at = clock_timestamp() + :delay * interval '1 millisecond',
                    relay_after = clock_timestamp() + (:delay + :lease) * interval '1 millisecond'
                WHERE id = :id AND status = 'PENDING'""")
                .param("id", id)
                .param("delay", delay.toMillis())
                .param("lease", lease.toMillis())
                .param("code", responseCode)
                .param("error", error)
                .update();
    }

    /** The pending delivery that waited for {@code ended}: the next of its ordering key to its subscriber. */
    Optional<Long> nextInOrder(Attempt ended) {
        return jdbc.sql("""
                SELECT id FROM webhook_deliveries
                WHERE subscription_id = :subscription AND ordering_key = :key AND status = 'PENDING' AND id > :id
                ORDER BY id
                LIMIT 1""")
                .param("subscription", ended.subscriptionId())
                .param("key", ended.orderingKey())
                .param("id", ended.id())
                .query(Long.class)
                .optional();
    }

    Backlog backlog() {
        return jdbc.sql("""
                SELECT count(*) AS pending, min(created_at) AS oldest,
                       (SELECT count(*) FROM webhook_subscriptions
                        WHERE deleted_at IS NULL AND paused_until > clock_timestamp()) AS paused
                FROM webhook_deliveries WHERE status = 'PENDING'""")
                .query((row, n) -> new Backlog(row.getLong("pending"),
                        row.getTimestamp("oldest") == null ? null : row.getTimestamp("oldest").toInstant(),
                        row.getLong("paused")))
                .single();
    }

    /**
     * Deletes what finished more than {@code retention} ago: deliveries, then the notifications and
     * deleted subscriptions none is left of.
     * @return the deliveries deleted
     */
    int deleteFinished(Duration retention) {
        long millis = retention.toMillis();
        int deliveries = jdbc.sql("DELETE FROM webhook_deliveries "
                        + "WHERE finished_at < clock_timestamp() - :retention * interval '1 millisecond'")
                .param("retention", millis)
                .update();
        jdbc.sql("""
                DELETE FROM webhook_messages m
                WHERE m.occurred_at < clock_timestamp() - :retention * interval '1 millisecond'
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = m.id)""")
                .param("retention", millis)
                .update();
        jdbc.sql("""
                DELETE FROM webhook_subscriptions s
                WHERE s.deleted_at < clock_timestamp() - :retention * interval '1 millisecond'
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id)""")
                .param("retention", millis)
                .update();
        return deliveries;
    }
}
