package dev.seatbooking.worker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.worker.command.WorkerProperties;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Publishing with RabbitMQ's publisher confirms, for what must not be lost between a commit and the
 * step that relies on it (an ack, a row marked as relayed). Confirms are correlated (one future per
 * message) rather than awaited per channel: when RabbitMQ closes a channel, e.g. for a missing
 * exchange, its pending messages are nacked, whereas a channel-wide wait may silently run on the
 * fresh channel that replaced the closed one.
 */
@Component
public class ConfirmedPublisher {

    private final RabbitTemplate rabbit;
    private final MessageConverter converter;
    private final long confirmTimeoutMillis;

    ConfirmedPublisher(RabbitTemplate rabbit, MessageConverter converter, WorkerProperties worker) {
        this.rabbit = rabbit;
        this.converter = converter;
        this.confirmTimeoutMillis = worker.confirmTimeout().toMillis();
    }

    /** Sends without waiting; pass what it returns to {@link #awaitConfirms}. */
    public CorrelationData send(String exchange, String routingKey, Message message) {
        CorrelationData confirm = new CorrelationData();
        rabbit.send(exchange, routingKey, message, confirm);
        return confirm;
    }

    /** @throws RuntimeException unless RabbitMQ confirmed every message within WORKER_CONFIRM_TIMEOUT */
    public void awaitConfirms(List<CorrelationData> sent) {
        // a timeout surfaces as a CompletionException
        CompletableFuture.allOf(sent.stream().map(CorrelationData::getFuture).toArray(CompletableFuture[]::new))
                .orTimeout(confirmTimeoutMillis, TimeUnit.MILLISECONDS)
                .join();
        for (CorrelationData message : sent) {
            CorrelationData.Confirm confirm = message.getFuture().join();
            if (!confirm.ack()) {
                throw new AmqpException("RabbitMQ did not take a message: " + confirm.reason());
            }
        }
    }

    /** A message that survives a broker restart. */
    public Message persistent(Object body) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return converter.toMessage(body, properties);
    }
}
