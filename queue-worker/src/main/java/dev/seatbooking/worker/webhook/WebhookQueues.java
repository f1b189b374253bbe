package dev.seatbooking.worker.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.seatbooking.common.messaging.MessagingConfiguration;
import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.common.messaging.WebhookDue;
import dev.seatbooking.worker.ConfirmedPublisher;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.stereotype.Component;

/**
 * The RabbitMQ side of webhook delivery: the queue of deliveries due now, and one retry queue per
 * back-off whose messages wait out their expiration (a per-message TTL equal to the queue's delay,
 * so that they expire in the order they wait in) and are then dead-lettered into the first.
 */
@Component
class WebhookQueues {

    private final ConfirmedPublisher publisher;
    private final MessagingProperties names;

    WebhookQueues(ConfirmedPublisher publisher, MessagingProperties names) {
        this.publisher = publisher;
        this.names = names;
    }

    static Declarables topology(MessagingProperties names, WebhookDeliveryProperties settings) {
        List<Queue> queues = new ArrayList<>();
        queues.add(MessagingConfiguration.durable(names.webhookDeliveryQueue(), names).build());
        for (Duration delay : settings.backoffs()) {
            queues.add(MessagingConfiguration.durable(names.webhookRetryQueue(delay), names)
                    .deadLetterExchange("")
                    .deadLetterRoutingKey(names.webhookDeliveryQueue())
                    .build());
        }
        return new Declarables(queues);
    }

    /** @throws RuntimeException unless RabbitMQ confirmed every message */
    void deliverNow(List<Long> deliveryIds) {
        publisher.awaitConfirms(deliveryIds.stream()
                .map(id -> publisher.send("", names.webhookDeliveryQueue(), publisher.persistent(new WebhookDue(id))))
                .toList());
    }

    void deliverNow(long deliveryId) {
        deliverNow(List.of(deliveryId));
    }

    void retryLater(long deliveryId, Duration delay) {
        Message message = publisher.persistent(new WebhookDue(deliveryId));
        message.getMessageProperties().setExpiration(String.valueOf(delay.toMillis()));
        publisher.awaitConfirms(List.of(publisher.send("", names.webhookRetryQueue(delay), message)));
    }
}
