package dev.seatbooking.booking.booking;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import dev.seatbooking.booking.batching.Batcher;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingCommands;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.common.messaging.MessagingProperties;
import jakarta.annotation.PreDestroy;
import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.RabbitConverterFuture;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

/**
 * A command's way to queue-worker and back, through RabbitMQ: published, taken by RabbitMQ
 * (publisher confirm), committed by the worker (its reply). Booking commands travel in batches
 * ({@link BookingCommands}: one persistent message, one confirm and one reply for all the
 * reservations that were ready together); a cancel, or a hold's confirm or release, travels alone.
 *
 * <p>The rule at both ends: a command RabbitMQ may not have (a nack, a return because no queue took
 * it, neither confirm nor reply within the publish-confirm timeout) is a 503, and the caller undoes
 * what it did for it; a command RabbitMQ took is durable and will be committed, so when its commit
 * does not come within the confirm wait the answer is "queued" (202), never a failure.
 */
@Component
class CommandRoundTrip {

    private static final ParameterizedTypeReference<BookingOutcomes> OUTCOMES = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<BookingOutcome> OUTCOME = new ParameterizedTypeReference<>() {
    };

    private final AsyncRabbitTemplate rabbit;
    private final MessagingProperties queues;
    private final long confirmTimeoutMillis;
    private final long commitWaitMillis;
    private final Batcher<BookingCommand, CompletableFuture<BookingOutcome>> bookings;

    CommandRoundTrip(AsyncRabbitTemplate rabbit, MessagingProperties queues, ReservationProperties properties) {
        this.rabbit = rabbit;
        this.queues = queues;
        this.confirmTimeoutMillis = properties.publishConfirmTimeout().toMillis();
        this.commitWaitMillis = properties.confirmWait().toMillis();
        this.bookings = new Batcher<>("booking-command-batcher", properties.commandBatchSize(),
                properties.commandBatchesInFlight(), this::publish);
    }

    /**
     * The worker's outcome, or empty when RabbitMQ took the command but the commit did not come in
     * time.
     *
     * @throws ApiException SERVICE_UNAVAILABLE when RabbitMQ may not have the command
     */
    Optional<BookingOutcome> book(BookingCommand command) {
        return awaitCommit(accepted(bookings.submit(command)));
    }

    /** As {@link #book}, for a cancel. */
    Optional<BookingOutcome> cancel(CancelCommand command) {
        return awaitCommit(accepted(send(command, OUTCOME)));
    }

    /** As {@link #book}, for the end of a hold (its confirmation or release). */
    Optional<BookingOutcome> hold(HoldCommand command) {
        return awaitCommit(accepted(send(command, OUTCOME)));
    }

    private CompletableFuture<List<CompletableFuture<BookingOutcome>>> publish(List<BookingCommand> batch) {
        return send(new BookingCommands(batch), OUTCOMES).thenApply(reply -> IntStream.range(0, batch.size())
                .mapToObj(i -> reply.thenApply(outcomes -> outcomes.outcomes().get(i)))
                .toList());
    }

    /**
     * Completes once RabbitMQ's confirm or the worker's reply came, whichever is first, with the
     * future of the reply. The reply proves RabbitMQ took the message too (the worker already
     * committed it), and it can come before the confirm, which for a persistent message waits for
     * the broker's disk.
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

    /** Waits until RabbitMQ has taken the command; 503 when it may not have it. */
    private CompletableFuture<BookingOutcome> accepted(CompletableFuture<CompletableFuture<BookingOutcome>> sent) {
        try {
            // the publisher's own timeout ends the wait; this bound only guards against a lost future
            return sent.get(2 * confirmTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("The booking queue", e);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.unavailable("The booking queue", e);
        }
    }

    private Optional<BookingOutcome> awaitCommit(CompletableFuture<BookingOutcome> reply) {
        try {
            return Optional.of(reply.get(commitWaitMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            // the command is durable in RabbitMQ: it will still be committed
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @PreDestroy
    void stop() {
        bookings.close();
    }
}
