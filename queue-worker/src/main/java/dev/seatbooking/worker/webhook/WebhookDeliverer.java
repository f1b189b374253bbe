package dev.seatbooking.worker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.seatbooking.common.messaging.WebhookDue;
import dev.seatbooking.worker.webhook.WebhookDeliveries.Attempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Attempts the delivery a message names, if PostgreSQL says it may be attempted now (see
 * {@link WebhookDeliveries#claim}), and records what came of it: DELIVERED on a 2xx answer;
 * otherwise the next attempt after the back-off, parked in a retry queue, until WEBHOOK_GIVE_UP_AFTER
 * has passed since the notification was written, then FAILED. A delivery that ends wakes the next of
 * its booking to the same subscriber, which waited for it to keep their order.
 *
 * <p>A subscription whose attempts failed WEBHOOK_PAUSE_AFTER_FAILURES times in a row is paused, for
 * the back-off of its failures beyond that number: its deliveries are postponed to the pause's end
 * unattempted, so that a receiver that hangs or is down does not take up the attempts every other
 * subscriber waits for. When a pause ends, one attempt is let through as the probe; its failure
 * pauses the subscription again, for longer, and its 2xx ends the pause and makes every postponed
 * delivery due at once.
 *
 * <p>The message is only a wake-up call: when it is lost (the broker went away, a step below threw),
 * the relay publishes the delivery again once its lease is over, so the listener never requeues.
 */
@Component
class WebhookDeliverer implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

    /** The body of every attempt: the notification as written, rendered the same way each time. */
    record Body(String id, String type, String occurredAt, JsonNode data) {
    }

    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final WebhookQueues queues;
    private final WebhookDeliveryProperties settings;
    private final MessageConverter converter;
    private final JsonMapper json;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final Counter postponed;
    private final Timer lag;

    WebhookDeliverer(WebhookDeliveries deliveries, WebhookSender sender, WebhookQueues queues,
            WebhookDeliveryProperties settings, MessageConverter converter, JsonMapper json, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.queues = queues;
        this.settings = settings;
        this.converter = converter;
        this.json = json;
        this.delivered = result("delivered", "Webhook attempts the receiver answered 2xx", meters);
        this.retried = result("retried", "Webhook attempts that failed and will be tried again", meters);
        this.failed = result("failed",
                "Webhook deliveries FAILED: the last attempt failed, or none was made while paused, past give-up-after",
                meters);
        this.postponed = result("postponed",
                "Webhook deliveries not attempted, their subscription paused; due again when the pause ends", meters);
        this.lag = Timer.builder("webhook.delivery.lag")
                .description("From the change a webhook reports (its commit) to the receiver's 2xx answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(25))
                .register(meters);
    }

    private static Counter result(String result, String description, MeterRegistry meters) {
        return Counter.builder("webhook.deliveries").tag("result", result).description(description).register(meters);
    }

    @Override
    public void onMessage(Message message) {
        long id = ((WebhookDue) converter.fromMessage(message)).deliveryId();
        Optional<Attempt> claimed = deliveries.claim(id, settings.lease(), settings.pauseAfterFailures());
        if (claimed.isEmpty()) {
            // ended, being attempted, not due yet, waiting for an earlier one of its booking, or paused
            postpone(id, false);
            return;
        }
        Attempt attempt = claimed.get();
        if (attempt.subscriptionFailing() && !deliveries.takeProbe(attempt.subscriptionId(), settings.lease())) {
            // another attempt is the probe of this subscription's pause
            postpone(id, true);
            return;
        }
        String body = json.writeValueAsString(new Body(attempt.messageId().toString(), attempt.type(),
                attempt.occurredAt(), json.readTree(attempt.data())));
        WebhookSender.Result result = sender.send(attempt.url(), attempt.secret(), attempt.messageId().toString(), body);
        if (result.delivered()) {
            deliveries.finish(id, true, result.responseCode(), null);
            int resumed = deliveries.succeeded(attempt.subscriptionId());
            if (resumed > 0) {
                log.info("Webhook subscription {} answers 2xx again after failures: {} of its deliveries are due now",
                        attempt.subscriptionId(), resumed);
            }
            delivered.increment();
            lag.record(Duration.between(attempt.occurred(), Instant.now()));
            wakeNext(attempt);
            return;
        }
        int consecutiveFailures = deliveries.failed(attempt.subscriptionId());
        if (consecutiveFailures >= settings.pauseAfterFailures()) {
            Duration pause = settings.backoff(consecutiveFailures - settings.pauseAfterFailures() + 1);
            deliveries.pause(attempt.subscriptionId(), pause);
            log.info("Webhook subscription {} paused for {} after {} failed attempts in a row; the last: {}",
                    attempt.subscriptionId(), pause, consecutiveFailures, error(result));
        }
        if (!Instant.now().isBefore(attempt.createdAt().plus(settings.giveUpAfter()))) {
            deliveries.finish(id, false, result.responseCode(), error(result));
            failed.increment();
            log.warn("Webhook delivery {} ({} to subscription {}) FAILED after {} attempts; the last: {}", id,
                    attempt.type(), attempt.subscriptionId(), attempt.attemptsBefore() + 1, error(result));
            wakeNext(attempt);
        } else {
            Duration delay = settings.backoff(attempt.attemptsBefore() + 1);
            deliveries.retryAfter(id, delay, settings.lease(), result.responseCode(), error(result));
            retried.increment();
            log.debug("Webhook delivery {} failed ({}); next attempt in {}", id, error(result), delay);
            queues.retryLater(id, delay);
        }
    }

    /** Puts off the delivery if its subscription is paused ({@link WebhookDeliveries#postpone}). */
    private void postpone(long id, boolean claimed) {
        Optional<String> status = deliveries.postpone(id, settings.giveUpAfter(), claimed);
        if (status.isEmpty()) {
            return;
        }
        if (status.get().equals("FAILED")) {
            failed.increment();
            log.warn("Webhook delivery {} FAILED unattempted: its subscription stayed paused past WEBHOOK_GIVE_UP_AFTER",
                    id);
        } else {
            postponed.increment();
        }
    }

    private void wakeNext(Attempt ended) {
        deliveries.nextInOrder(ended).ifPresent(queues::deliverNow);
    }

    private static String error(WebhookSender.Result result) {
        return result.error() != null ? result.error() : "answered " + result.responseCode();
    }
}
