package dev.seatbooking.booking.booking;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.seatbooking.booking.batching.Batcher;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingCommands;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.messaging.MessagingProperties;
import jakarta.annotation.PreDestroy;
import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.RabbitConverterFuture;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

/**
 * Hands commands to queue-worker through RabbitMQ. Booking commands travel in batches
 * ({@link BookingCommands}: one persistent message, one publisher confirm and one reply for all the
 * reservations that were ready together); a cancel travels alone.
 *
 * <p>Each returned future completes once RabbitMQ has taken the command, with the future of the
 * worker's outcome, or fails when RabbitMQ may not have it: a nack, a return (no queue took it), or
 * neither confirm nor reply within the publish-confirm timeout.
 */
@Component
class CommandPublisher {

    private static final ParameterizedTypeReference<BookingOutcomes> OUTCOMES = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<BookingOutcome> OUTCOME = new ParameterizedTypeReference<>() {
    };

    private final AsyncRabbitTemplate rabbit;
    private final MessagingProperties queues;
    private final long confirmTimeoutMillis;
    private final Batcher<BookingCommand, CompletableFuture<BookingOutcome>> bookings;

    CommandPublisher(AsyncRabbitTemplate rabbit, MessagingProperties queues, ReservationProperties properties) {
        this.rabbit = rabbit;
        this.queues = queues;
        this.confirmTimeoutMillis = properties.publishConfirmTimeout().toMillis();
        this.bookings = new Batcher<>("booking-command-batcher", properties.commandBatchSize(),
                properties.commandBatchesInFlight(), this::publish);
    }

    CompletableFuture<CompletableFuture<BookingOutcome>> book(BookingCommand command) {
        return bookings.submit(command);
    }

    /** A single command is answered with a single outcome. */
    CompletableFuture<CompletableFuture<BookingOutcome>> cancel(CancelCommand command) {
        return send(command, OUTCOME);
    }

    private CompletableFuture<List<CompletableFuture<BookingOutcome>>> publish(List<BookingCommand> batch) {
        return send(new BookingCommands(batch), OUTCOMES).thenApply(reply -> IntStream.range(0, batch.size())
                .mapToObj(i -> reply.thenApply(outcomes -> outcomes.outcomes().get(i)))
                .toList());
    }

    /**
     * Waits for RabbitMQ's confirm or the worker's reply, whichever comes first. The reply proves
     * RabbitMQ took the message too (the worker already committed it), and it can come before the
     * confirm, which for a persistent message waits for the broker's disk.
     */
    private <R> CompletableFuture<CompletableFuture<R>> send(Object message, ParameterizedTypeReference<R> replyType) {
        RabbitConverterFuture<R> reply = rabbit.convertSendAndReceiveAsType("", queues.commandQueue(), message,
                replyType);
        CompletableFuture<R> outcome = reply;
        return CompletableFuture.anyOf(reply.getConfirm(), reply)
                .orTimeout(confirmTimeoutMillis, TimeUnit.MILLISECONDS)
                .handle((first, failure) -> {
                    boolean replied = reply.isDone() && !reply.isCompletedExceptionally();
                    // a return (no queue took it) comes before the broker's ack, and fails the reply
                    if (!replied && (failure != null || reply.isCompletedExceptionally()
                            || !reply.getConfirm().getNow(false))) {
                        reply.cancel(false);
                        throw new CompletionException(new IllegalStateException(
                                "RabbitMQ did not take the command: " + reply.getNackCause(), failure));
                    }
                    return outcome;
                });
    }

    @PreDestroy
    void stop() {
        bookings.close();
    }
}
