package dev.seatbooking.worker.command;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.rabbitmq.client.Channel;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingCommands;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.messaging.DrainFence;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.common.tracing.BatchedTraces;
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
 *
 * <p>A message carries one command or, as booking-service sends them, a {@link BookingCommands}
 * batch; the commands of all messages taken together are committed together, and each message gets
 * its reply in its own form (one outcome, or {@link BookingOutcomes} in the batch's order). A batch
 * is acked only once every command in it is settled. An unprocessable command of a batch goes to
 * the dead-letter queue as a message of its own, so that the rest of its batch is not lost with it.
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
    private final BatchedTraces traces;

    CommandListener(MessageConverter converter, BookingManager manager, OutcomePublisher publisher,
            WorkerMetrics metrics, WorkerProperties worker, BatchedTraces traces) {
        this.converter = converter;
        this.manager = manager;
        this.publisher = publisher;
        this.metrics = metrics;
        this.backoff = new RetryBackoff(worker.retryInitialBackoff(), worker.retryMaxBackoff());
        this.traces = traces;
    }

    @Override
    public void onMessageBatch(List<Message> messages, Channel channel) {
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        List<Object> commands = new ArrayList<>();
        List<Fence> fences = new ArrayList<>();
        for (Message message : messages) {
            Optional<Object> body = read(message);
            if (body.isEmpty()) {
                deadLetter(channel, message, "unreadable");
            } else if (body.get() instanceof DrainFence fence) {
                fences.add(new Fence(message, fence));
            } else {
                Delivery delivery = body.get() instanceof BookingCommands batch
                        ? new Delivery(message, List.copyOf(batch.commands()), true)
                        : new Delivery(message, List.of(body.get()), false);
                deliveries.add(delivery);
                commands.addAll(delivery.commands());
            }
        }
        if (!deliveries.isEmpty()) {
            metrics.batchReceived(commands.size());
            boolean redelivered = deliveries.stream()
                    .anyMatch(delivery -> delivery.message().getMessageProperties().isRedelivered());
            // each reservation's trace gets the span of its commit, however it was batched
            List<BookingCommand> bookings = commands.stream().filter(BookingCommand.class::isInstance)
                    .map(BookingCommand.class::cast).toList();
            traces.continueEach(bookings, "booking commit", BookingCommand::traceparent, BookingCommand::bookingId,
                    () -> settle(channel, deliveries, manager.process(commands, redelivered)));
        }
        fences.forEach(fence -> pass(channel, fence));
    }

    /** A command message as it came: its commands, and whether it was a batch (which its reply mirrors). */
    private record Delivery(Message message, List<Object> commands, boolean batch) {
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

    /**
     * A message whose commands all got PostgreSQL's answer; {@code deadLetter}: a single command
     * that can never succeed, rejected to the dead-letter queue once its reply is out.
     */
    private record Settlement(Message message, List<BookingOutcome> outcomes, Object reply, boolean deadLetter) {
    }

    private void settle(Channel channel, List<Delivery> deliveries, List<Verdict> verdicts) {
        List<Settlement> answered = new ArrayList<>();
        List<BookingOutcome> announced = new ArrayList<>();
        List<Object> deadLetters = new ArrayList<>();
        List<Message> retry = new ArrayList<>();
        RuntimeException retryCause = null;
        int next = 0;
        for (Delivery delivery : deliveries) {
            List<Verdict> own = verdicts.subList(next, next + delivery.commands().size());
            next += own.size();
            Optional<Verdict.Retry> failed = own.stream().filter(Verdict.Retry.class::isInstance)
                    .map(Verdict.Retry.class::cast).findFirst();
            if (failed.isPresent()) {
                // redelivered, the commands it committed meanwhile find their rows
                retry.add(delivery.message());
                retryCause = failed.get().cause();
                continue;
            }
            List<BookingOutcome> outcomes = own.stream().map(CommandListener::outcome).toList();
            for (int i = 0; i < own.size(); i++) {
                if (own.get(i) instanceof Verdict.Answered committed && committed.announce()) {
                    announced.addAll(committed.offers());
                    announced.add(committed.outcome());
                } else if (own.get(i) instanceof Verdict.Unprocessable && delivery.batch()) {
                    deadLetters.add(delivery.commands().get(i));
                }
            }
            boolean rejectWhole = !delivery.batch() && own.get(0) instanceof Verdict.Unprocessable;
            answered.add(new Settlement(delivery.message(), outcomes,
                    delivery.batch() ? new BookingOutcomes(outcomes) : outcomes.get(0), rejectWhole));
        }
        if (!answered.isEmpty()) {
            try {
                publisher.publish(answered.stream().map(done -> new OutcomePublisher.Reply(done.message(), done.reply()))
                        .toList(), announced, deadLetters);
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
            done.outcomes().forEach(metrics::outcome);
        }
        if (!answered.isEmpty()) {
            deadLetters.forEach(command -> metrics.deadLettered("unprocessable"));
        }
        if (retry.isEmpty()) {
            backoff.reset();
        } else {
            requeueAfterBackoff(channel, retry, retryCause);
        }
    }

    private static BookingOutcome outcome(Verdict verdict) {
        return verdict instanceof Verdict.Answered committed
                ? committed.outcome()
                // nothing was stored, so there is nothing to announce; the sender still learns why
                : ((Verdict.Unprocessable) verdict).outcome();
    }

    /** A command or a drain fence, or empty when the message is neither (no or unknown __TypeId__, bad JSON). */
    private Optional<Object> read(Message message) {
        try {
            Object body = converter.fromMessage(message);
            if (body instanceof BookingCommands || body instanceof BookingCommand || body instanceof CancelCommand
                    || body instanceof HoldCommand || body instanceof DrainFence) {
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
