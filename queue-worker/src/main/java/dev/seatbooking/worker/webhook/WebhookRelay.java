package dev.seatbooking.worker.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's relay: every WEBHOOK_RELAY_INTERVAL it publishes the deliveries the triggers wrote
 * since, and those whose message seems lost (their lease is over), to the queue of deliveries due.
 * The rows stay locked (SKIP LOCKED: every queue-worker replica relays, none twice at once) until
 * RabbitMQ has confirmed the messages; a failure rolls back, and the next pass tries again. A commit
 * that fails after the publish only means a duplicate message, which the deliverer's claim absorbs.
 */
@Component
class WebhookRelay {

    private static final Logger log = LoggerFactory.getLogger(WebhookRelay.class);

    /** Deliveries published per transaction: a backlog goes out pass after pass rather than in one flood. */
    static final int BATCH = 500;

    private final WebhookDeliveries deliveries;
    private final WebhookQueues queues;
    private final WebhookDeliveryProperties settings;
    private final TransactionTemplate transactions;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final AtomicLong pausedSubscriptions = new AtomicLong();

    WebhookRelay(WebhookDeliveries deliveries, WebhookQueues queues, WebhookDeliveryProperties settings,
            PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.queues = queues;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        Gauge.builder("webhook.deliveries.pending", pending, AtomicLong::get)
                .description("Webhook deliveries not yet answered 2xx nor given up")
                .register(meters);
        Gauge.builder("webhook.deliveries.oldest.pending.age", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Age of the oldest pending webhook delivery")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("webhook.subscriptions.paused", pausedSubscriptions, AtomicLong::get)
                .description("Webhook subscriptions paused after WEBHOOK_PAUSE_AFTER_FAILURES failed attempts in a row")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${booking.webhooks.delivery.relay-interval}")
    void relay() {
        try {
            int published;
            do {
                published = transactions.execute(status -> {
                    List<Long> due = deliveries.lockDueForRelay(BATCH);
                    if (!due.isEmpty()) {
                        queues.deliverNow(due);
                        deliveries.relayed(due, settings.lease());
                    }
                    return due.size();
                });
            } while (published == BATCH);
        } catch (RuntimeException e) {
            // PostgreSQL or RabbitMQ away: the rows stay due, and the next pass tries again
            log.warn("Webhook relay failed: {}", e.toString());
        }
    }

    /** The backlog's gauges: a count over the pending rows, too costly for every relay pass. */
    @Scheduled(fixedDelay = 15_000)
    void measureBacklog() {
        try {
            WebhookDeliveries.Backlog backlog = deliveries.backlog();
            pending.set(backlog.pending());
            oldestPendingAgeSeconds.set(backlog.oldestCreatedAt() == null ? 0
                    : Duration.between(backlog.oldestCreatedAt(), Instant.now()).toSeconds());
            pausedSubscriptions.set(backlog.pausedSubscriptions());
        } catch (RuntimeException e) {
            log.debug("Could not measure the webhook backlog: {}", e.toString());
        }
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 600_000)
    void deleteFinished() {
        try {
            int deleted = deliveries.deleteFinished(settings.retention());
            if (deleted > 0) {
                log.info("Deleted {} webhook deliveries that finished more than {} ago", deleted, settings.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete old webhook deliveries: {}", e.toString());
        }
    }
}
