package dev.seatbooking.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.seatbooking.common.messaging.MessagingProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How much waits in the suite's queues, as RabbitMQ counts it: commands and due hold expiries not
 * yet taken by a consumer (the worker's backlogs), dead letters, and outcomes cache-service has not
 * applied yet. Read on a
 * schedule rather than at every scrape, so that a scrape never waits for RabbitMQ; while RabbitMQ
 * cannot be asked the gauges read -1.
 */
@Component
class QueueDepths {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    private final AmqpAdmin admin;
    private final Map<String, AtomicLong> messages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> consumers = new ConcurrentHashMap<>();

    QueueDepths(AmqpAdmin admin, MessagingProperties names, MeterRegistry meters) {
        this.admin = admin;
        register(names.commandQueue(), "commands", meters);
        register(names.dueExpiryQueue(), "hold-expiries", meters);
        register(names.deadLetterQueue(), "dead-letters", meters);
        register(names.cacheOutcomeQueue(), "cache-outcomes", meters);
    }

    private void register(String queue, String role, MeterRegistry meters) {
        AtomicLong waiting = messages.computeIfAbsent(queue, name -> new AtomicLong(-1));
        AtomicLong consuming = consumers.computeIfAbsent(queue, name -> new AtomicLong(-1));
        Gauge.builder("booking.queue.messages", waiting, AtomicLong::get)
                .description("Messages waiting in the queue, not yet delivered to a consumer (-1: unknown)")
                .tag("queue", role).register(meters);
        Gauge.builder("booking.queue.consumers", consuming, AtomicLong::get)
                .description("Consumers of the queue (-1: unknown)")
                .tag("queue", role).register(meters);
    }

    @Scheduled(fixedDelayString = "${booking.worker.queue-metrics-interval:5s}")
    void refresh() {
        messages.forEach((queue, waiting) -> {
            try {
                QueueInformation info = admin.getQueueInfo(queue);
                waiting.set(info == null ? -1 : info.getMessageCount());
                consumers.get(queue).set(info == null ? -1 : info.getConsumerCount());
            } catch (AmqpException e) {
                waiting.set(-1);
                consumers.get(queue).set(-1);
                log.debug("Cannot read the depth of {}: {}", queue, e.toString());
            }
        });
    }
}
