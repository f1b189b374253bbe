package dev.seatbooking.booking.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.seatbooking.booking.webhook.WebhookViews.DeliveryView;
import dev.seatbooking.booking.webhook.WebhookViews.WebhookView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subscriptions (their SQL, in one place) and what the API shows of their deliveries. The
 * deliveries themselves are written by V3__webhooks.sql's triggers and moved by queue-worker.
 */
@Repository
class WebhookSubscriptions {

    private static final String COLUMNS = "id, url, event_types, created_at, consecutive_failures, "
            + "CASE WHEN paused_until > now() THEN paused_until END AS paused_until";

    private final JdbcClient jdbc;

    WebhookSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the subscription, with its secret (the only time it is read back out) */
    WebhookView create(String url, List<String> eventTypes, String secret) {
        UUID id = UUID.randomUUID();
        Instant createdAt = jdbc.sql("INSERT INTO webhook_subscriptions (id, url, event_types, secret) "
                        + "VALUES (:id, :url, :types::text[], :secret) RETURNING created_at")
                .param("id", id)
                .param("url", url)
                .param("types", "{" + String.join(",", eventTypes) + "}")
                .param("secret", secret)
                .query(Timestamp.class)
                .single()
                .toInstant();
        return new WebhookView(id, url, eventTypes, secret, createdAt, 0, null);
    }

    Optional<WebhookView> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = :id AND deleted_at IS NULL")
                .param("id", id)
                .query((row, n) -> view(row))
                .optional();
    }

    List<WebhookView> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE deleted_at IS NULL "
                        + "ORDER BY created_at DESC, id")
                .query((row, n) -> view(row))
                .list();
    }

    /** Deletes the subscription and cancels what it still had pending, at once. @return whether it existed */
    @Transactional
    boolean delete(UUID id) {
        int deleted = jdbc.sql("UPDATE webhook_subscriptions SET deleted_at = now() WHERE id = :id AND deleted_at IS NULL")
                .param("id", id)
                .update();
        jdbc.sql("UPDATE webhook_deliveries SET status = 'CANCELLED', finished_at = now() "
                        + "WHERE subscription_id = :id AND status = 'PENDING'")
                .param("id", id)
                .update();
        return deleted == 1;
    }

    /** The newest deliveries first. */
    List<DeliveryView> deliveries(UUID subscriptionId, int limit) {
        return jdbc.sql("""
                SELECT d.id, d.message_id, m.type, d.status, d.attempts, d.last_response_code, d.last_error,
                       m.occurred_at, d.next_attempt_at, d.finished_at
                FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
                WHERE d.subscription_id = :id
                ORDER BY d.id DESC
                LIMIT :limit""")
                .param("id", subscriptionId)
                .param("limit", limit)
                .query((row, n) -> {
                    String status = row.getString("status");
                    return new DeliveryView(row.getLong("id"), row.getObject("message_id", UUID.class),
                            row.getString("type"), status, row.getInt("attempts"),
                            (Integer) row.getObject("last_response_code"), row.getString("last_error"),
                            instant(row, "occurred_at"),
                            status.equals("PENDING") ? instant(row, "next_attempt_at") : null,
                            instant(row, "finished_at"));
                })
                .list();
    }

    private static WebhookView view(ResultSet row) throws SQLException {
        Array types = row.getArray("event_types");
        return new WebhookView(row.getObject("id", UUID.class), row.getString("url"),
                Arrays.asList((String[]) types.getArray()), null, instant(row, "created_at"),
                row.getInt("consecutive_failures"), instant(row, "paused_until"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
