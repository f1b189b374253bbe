package dev.seatbooking.worker.command;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.rabbitmq.client.Channel;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.messaging.DrainFence;
import dev.seatbooking.worker.WorkerMetrics;
import dev.seatbooking.worker.booking.BookingManager;
import dev.seatbooking.worker.booking.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Consumes the command queue a batch at a time and settles every message by hand: ack once its
 * outcome is committed in PostgreSQL and confirmed by RabbitMQ; reject (to the dead-letter queue)
 * when it is unreadable or PostgreSQL refused it for good; otherwise (PostgreSQL or RabbitMQ
 * unavailable) requeue it after a pause that grows while the outage lasts. So an outage never
 * loses or dead-letters a command, and a broken message never blocks the queue. A {@link DrainFence}
 * is answered once everything this consumer took before it is settled.
 */
@Component
class CommandListener implements ChannelAwareBatchMessageListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private static final Duration FENCE_HANDOVER_PAUSE = Duration.ofMillis(20);

    private final MessageConverter converter;
    private final BookingManager manager;
    private final OutcomePublisher publisher;
    private final WorkerMetrics metrics;
    private final RetryBackoff backoff;

    CommandListener(MessageConverter converter, BookingManager manager, OutcomePublisher publisher,
            WorkerMetrics metrics, WorkerProperties worker) {
        this.converter = converter;
        this.manager = manager;
        this.publisher = publisher;
        this.metrics = metrics;
        this.backoff = new RetryBackoff(worker.retryInitialBackoff(), worker.retryMaxBackoff());
    }

    @Override
    public void onMessageBatch(List<Message> messages, Channel channel) {
        metrics.batchReceived(messages.size());
        List<Message> commandMessages = new ArrayList<>(messages.size());
        List<Object> commands = new ArrayList<>(messages.size());
        List<Fence> fences = new ArrayList<>();
        for (Message message : messages) {
            Optional<Object> body = read(message);
            if (body.isEmpty()) {
                deadLetter(channel, message, "unreadable");
            } else if (body.get() instanceof DrainFence fence) {
                fences.add(new Fence(message, fence));
            } else {
                commandMessages.add(message);
                commands.add(body.get());
            }
        }
        if (!commands.isEmpty()) {
            settle(channel, commandMessages, manager.process(commands));
        }
        fences.forEach(fence -> pass(channel, fence));
    }

    /**
     * Every command this consumer took before the fence is settled now: this batch's, and those of
     * the batches before it. While commands are going back to the queue (an outage), it cannot vouch
     * for them, since another consumer may take them after answering its own fence.
     */
    private void pass(Channel channel, Fence fence) {
        Message message = fence.message();
        String consumer = message.getMessageProperties().getConsumerTag();
        if (Instant.now().isAfter(fence.fence().answerBy())) {
            acknowledge(channel, message);
            return;
        }
        if (backoff.isBackingOff() || fence.fence().passed().contains(consumer)) {
            // another consumer, or this one after the outage, answers it; the pause keeps a fence
            // that only this consumer can take from spinning
            pause(FENCE_HANDOVER_PAUSE);
            channelCall(() -> channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true));
            return;
        }
        publisher.reply(message, new DrainFence.Passed(consumer));
        acknowledge(channel, message);
    }

    private record Fence(Message message, DrainFence fence) {
    }

    /** A message whose command got PostgreSQL's answer; a dead letter if it can never succeed. */
    private record Settlement(Message message, OutcomePublisher.Answer answer, boolean deadLetter) {
    }

    private void settle(Channel channel, List<Message> messages, List<Verdict> verdicts) {
        List<Settlement> answered = new ArrayList<>();
        List<Message> retry = new ArrayList<>();
        RuntimeException retryCause = null;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            Verdict verdict = verdicts.get(i);
            if (verdict instanceof Verdict.Retry failed) {
                retry.add(message);
                retryCause = failed.cause();
            } else {
                answered.add(new Settlement(message, answer(message, verdict), verdict instanceof Verdict.Unprocessable));
            }
        }
        if (!answered.isEmpty()) {
            try {
                publisher.publish(answered.stream().map(Settlement::answer).toList());
            } catch (RuntimeException e) {
                // not confirmed (nacked, timed out, or the channel could not be used): committed but
                // unannounced, so redelivered, these commands find their rows and publish again
                answered.forEach(unpublished -> retry.add(unpublished.message()));
                answered.clear();
                retryCause = e;
            }
        }
        for (Settlement done : answered) {
            if (done.deadLetter()) {
                deadLetter(channel, done.message(), "unprocessable");
            } else {
                acknowledge(channel, done.message());
            }
            metrics.outcome(done.answer().outcome());
        }
        if (retry.isEmpty()) {
            backoff.reset();
        } else {
            requeueAfterBackoff(channel, retry, retryCause);
        }
    }

    private static OutcomePublisher.Answer answer(Message message, Verdict verdict) {
        String replyTo = message.getMessageProperties().getReplyTo();
        String correlationId = message.getMessageProperties().getCorrelationId();
        if (verdict instanceof Verdict.Answered committed) {
            return new OutcomePublisher.Answer(replyTo, correlationId, committed.outcome(), committed.announce());
        }
        // nothing was stored, so there is nothing to announce; the sender still learns why
        BookingOutcome outcome = ((Verdict.Unprocessable) verdict).outcome();
        return new OutcomePublisher.Answer(replyTo, correlationId, outcome, false);
    }

    /** A command or a drain fence, or empty when the message is neither (no or unknown __TypeId__, bad JSON). */
    private Optional<Object> read(Message message) {
        try {
            Object body = converter.fromMessage(message);
            if (body instanceof BookingCommand || body instanceof CancelCommand || body instanceof DrainFence) {
                return Optional.of(body);
            }
            log.warn("Message {} is a {}, not a command", message.getMessageProperties().getMessageId(),
                    body.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // conversion errors come as MessageConversionException, an untrusted __TypeId__ as IllegalArgumentException
            log.warn("Message {} cannot be read: {}", message.getMessageProperties().getMessageId(), e.toString());
        }
        return Optional.empty();
    }

    private void requeueAfterBackoff(Channel channel, List<Message> messages, RuntimeException cause) {
        Duration pause = backoff.next();
        log.warn("{} command(s) go back to the queue in {} ms: {}", messages.size(), pause.toMillis(), cause.toString());
        pause(pause);
        for (Message message : messages) {
            channelCall(() -> channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true));
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            // the container is stopping: requeue at once
            Thread.currentThread().interrupt();
        }
    }

    private void acknowledge(Channel channel, Message message) {
        channelCall(() -> channel.basicAck(message.getMessageProperties().getDeliveryTag(), false));
    }

    /** Rejected without requeue, the command queue's dead-letter exchange moves the message to the DLQ. */
    private void deadLetter(Channel channel, Message message, String cause) {
        channelCall(() -> channel.basicReject(message.getMessageProperties().getDeliveryTag(), false));
        metrics.deadLettered(cause);
    }

    /**
     * A failed ack means the channel is gone; RabbitMQ then redelivers every unacked message of it,
     * which the container reports when the exception reaches it.
     */
    private static void channelCall(ChannelOperation operation) {
        try {
            operation.run();
        } catch (IOException e) {
            throw RabbitExceptionTranslator.convertRabbitAccessException(e);
        }
    }

    @FunctionalInterface
    private interface ChannelOperation {
        void run() throws IOException;
    }
}
