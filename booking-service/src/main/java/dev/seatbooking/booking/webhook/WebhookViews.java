package dev.seatbooking.booking.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The bodies of the webhook endpoints. */
final class WebhookViews {

    private WebhookViews() {
    }

    /** Body of POST /api/webhooks. */
    record CreateWebhookRequest(@NotNull @Size(max = 2048) String url,
            @NotNull @Size(min = 1, max = 20) List<@NotNull String> events) {
    }

    /**
     * A subscription; {@code secret} only in the answer that created it. {@code consecutiveFailures}: its
     * failed attempts since the last 2xx; {@code pausedUntil}: while it is paused for them, when its
     * next attempt (the probe) may be made.
     */
    record WebhookView(UUID id, String url, List<String> events, String secret, Instant createdAt,
            int consecutiveFailures, Instant pausedUntil) {
    }

    record WebhookResponse(boolean success, WebhookView webhook) {

        WebhookResponse(WebhookView webhook) {
            this(true, webhook);
        }
    }

    record WebhookList(boolean success, List<WebhookView> data) {
    }

    /**
     * One notification on its way to the subscriber. {@code status}: PENDING (being tried: see
     * {@code attempts}, {@code last_response_code}, {@code last_error}, {@code next_attempt_at}),
     * DELIVERED, FAILED (given up) or CANCELLED (the subscription was deleted).
     */
    record DeliveryView(long id, UUID messageId, String type, String status, int attempts, Integer lastResponseCode,
            String lastError, Instant occurredAt, Instant nextAttemptAt, Instant finishedAt) {
    }

    record DeliveryList(boolean success, List<DeliveryView> data) {
    }
}
