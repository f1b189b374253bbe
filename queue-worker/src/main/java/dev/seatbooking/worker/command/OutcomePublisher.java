package dev.seatbooking.worker.command;

import java.util.ArrayList;
import java.util.List;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.HoldExpiries;
import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.worker.ConfirmedPublisher;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Tells booking-service (the replies) and cache-service (the outcome event) what was committed,
 * parks the expiry of every hold it announces HELD until the hold is due, and moves the
 * unprocessable commands of batches to the dead-letter queue. It returns only once RabbitMQ has
 * confirmed every message, so that the commands may then be acked: an outcome or an expiry is never
 * lost between the commit and the ack, at worst it is published twice.
 */
@Component
class OutcomePublisher {

    /** The reply to a command message: {@code body} goes to its replyTo (if it has one) under its correlation id. */
    record Reply(Message request, Object body) {
    }

    private final RabbitTemplate rabbit;
    private final ConfirmedPublisher confirmed;
    private final HoldExpiries expiries;
    private final MessageConverter converter;
    private final MessagingProperties names;

    OutcomePublisher(RabbitTemplate rabbit, ConfirmedPublisher confirmed, HoldExpiries expiries,
            MessageConverter converter, MessagingProperties names) {
        this.rabbit = rabbit;
        this.confirmed = confirmed;
        this.expiries = expiries;
        this.converter = converter;
        this.names = names;
    }

    /**
     * @param announced committed states, published as one {@link BookingOutcomes} event
     * @param deadLetters commands that can never succeed, each sent to the dead-letter queue alone
     * @throws RuntimeException unless RabbitMQ confirmed every message within the confirm timeout
     */
    void publish(List<Reply> replies, List<BookingOutcome> announced, List<Object> deadLetters) {
        List<CorrelationData> sent = new ArrayList<>();
        for (Reply reply : replies) {
            String replyTo = reply.request().getMessageProperties().getReplyTo();
            if (replyTo != null) {
                sent.add(confirmed.send("", replyTo, reply(reply.body(), reply.request().getMessageProperties().getCorrelationId())));
            }
        }
        if (!announced.isEmpty()) {
            sent.add(confirmed.send(names.outcomeExchange(), MessagingProperties.OUTCOMES_ROUTING_KEY,
                    confirmed.persistent(new BookingOutcomes(announced))));
        }
        for (BookingOutcome outcome : announced) {
            if (outcome.status() == BookingStatus.HELD) {
                HoldExpiries.Parking expiry = expiries.park(outcome.bookingId(), outcome.createdAt(), outcome.expiresAt());
                sent.add(confirmed.send("", expiry.queue(), expiry.message()));
            }
        }
        for (Object command : deadLetters) {
            sent.add(confirmed.send(names.deadLetterExchange(), names.deadLetterQueue(), confirmed.persistent(command)));
        }
        confirmed.awaitConfirms(sent);
    }

    /** Expiries of holds that are due, straight to the queue of due expiries (the sweep's). */
    void expireNow(List<Long> holdIds) {
        confirmed.awaitConfirms(holdIds.stream().map(expiries::due)
                .map(expiry -> confirmed.send("", expiry.queue(), expiry.message()))
                .toList());
    }

    /** Answers a request that is not a command (a drain fence); nothing is committed, so no confirm is awaited. */
    void reply(Message request, Object answer) {
        rabbit.send("", request.getMessageProperties().getReplyTo(),
                reply(answer, request.getMessageProperties().getCorrelationId()));
    }

    private Message reply(Object body, String correlationId) {
        MessageProperties properties = new MessageProperties();
        properties.setCorrelationId(correlationId);
        // a reply is useful only to the caller waiting now; a broker restart may drop it
        properties.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        return converter.toMessage(body, properties);
    }
}
