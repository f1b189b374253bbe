package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;

/** Commands sent the way booking-service sends them, answered by the running worker. */
class CommandRoundTripTest extends WorkerIntegrationTest {

    @Autowired
    private AmqpAdmin admin;

    @Autowired
    private MessageConverter converter;

    /** Receives every outcome event published while a test runs. */
    private Queue outcomes;

    @BeforeEach
    void subscribeToOutcomes() {
        // exclusive, but not auto-delete: each receive() below ends its consumer
        outcomes = new Queue(names.prefix() + ".test-outcomes." + UUID.randomUUID(), false, true, false);
        admin.declareQueue(outcomes);
        admin.declareBinding(BindingBuilder.bind(outcomes).to(new TopicExchange(names.outcomeExchange())).with("booking.*"));
    }

    @AfterEach
    void unsubscribe() {
        admin.deleteQueue(outcomes.getName());
    }

    @Test
    void aBookingIsConfirmedAndItsRedeliveryGetsTheSameAnswer() {
        long event = newEvent(10);
        BookingCommand command = newBooking(event, newUser());

        BookingOutcome first = requestAndWait(command);
        BookingOutcome again = requestAndWait(command);

        BookingOutcome confirmed = new BookingOutcome(command.bookingId(), event, command.userId(), 1, BookingStatus.CONFIRMED, null, command.createdAt(), null);
        assertThat(first).isEqualTo(confirmed);
        assertThat(again).isEqualTo(confirmed);
        assertThat(bookingRows(event)).isEqualTo(1);
        assertThat(bookedSeats(event)).isEqualTo(1);
        assertThat(receivedOutcomes()).containsExactly("CONFIRMED " + command.bookingId(),
                "CONFIRMED " + command.bookingId());
    }

    @Test
    void twoBookingsOfOneUserForOneEventGetOneSeat() {
        long event = newEvent(10);
        String user = newUser();
        CompletableFuture<BookingOutcome> first = request(newBooking(event, user));
        CompletableFuture<BookingOutcome> second = request(newBooking(event, user));

        List<BookingOutcome> answers = List.of(first.join(), second.join());

        assertThat(answers).extracting(outcome -> outcome.status() + ":" + outcome.reason())
                .containsExactlyInAnyOrder("CONFIRMED:null", "REJECTED:ALREADY_BOOKED");
        assertThat(bookedSeats(event)).isEqualTo(1);
        assertThat(receivedOutcomes()).hasSize(2).anyMatch(line -> line.startsWith("REJECTED "));
    }

    @Test
    void threeUsersForTwoSeatsLeaveOneSoldOut() {
        long event = newEvent(2);
        List<CompletableFuture<BookingOutcome>> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(request(newBooking(event, newUser())));
        }

        assertThat(replies).extracting(reply -> reply.join().status() + ":" + reply.join().reason())
                .containsExactlyInAnyOrder("CONFIRMED:null", "CONFIRMED:null", "REJECTED:SOLD_OUT");
        assertThat(bookedSeats(event)).isEqualTo(2);
        assertThat(bookingRows(event)).isEqualTo(3);
    }

    @Test
    void aCancelFreesTheSeatOnceAndOnlyForItsOwner() {
        long event = newEvent(10);
        BookingCommand booking = newBooking(event, newUser());
        requestAndWait(booking);
        CancelCommand cancel = new CancelCommand(booking.bookingId(), booking.userId());

        BookingOutcome foreign = requestAndWait(new CancelCommand(booking.bookingId(), "not-" + booking.userId()));
        assertThat(bookedSeats(event)).isEqualTo(1);
        BookingOutcome first = requestAndWait(cancel);
        assertThat(bookedSeats(event)).isZero();
        BookingOutcome again = requestAndWait(cancel);

        assertThat(foreign).isEqualTo(new BookingOutcome(booking.bookingId(), 0, "not-" + booking.userId(), 0, BookingStatus.REJECTED, "BOOKING_NOT_FOUND", null, null));
        BookingOutcome cancelled = new BookingOutcome(booking.bookingId(), event, booking.userId(), 1, BookingStatus.CANCELLED, null, booking.createdAt(), null);
        assertThat(first).isEqualTo(cancelled);
        assertThat(again).isEqualTo(cancelled);
        assertThat(bookedSeats(event)).isZero();
        assertThat(audit(booking.bookingId())).containsExactly("BOOKED", "CANCELLED");
        // the foreign cancel changed nothing and announced nothing
        assertThat(receivedOutcomes()).containsExactly("CONFIRMED " + booking.bookingId(),
                "CANCELLED " + booking.bookingId(), "CANCELLED " + booking.bookingId());
    }

    @Test
    void theReplyIsJsonForTheReplyToQueueWithTheRequestsCorrelationId() {
        long event = newEvent(10);
        BookingCommand command = newBooking(event, newUser());
        Queue replies = admin.declareQueue();
        MessageProperties properties = new MessageProperties();
        properties.setReplyTo(replies.getName());
        properties.setCorrelationId("correlation-1");
        rabbit.send("", names.commandQueue(), converter.toMessage(command, properties));

        Message reply = rabbit.receive(replies.getName(), 20_000);
        admin.deleteQueue(replies.getName());

        assertThat(reply).isNotNull();
        assertThat(reply.getMessageProperties().getCorrelationId()).isEqualTo("correlation-1");
        assertThat(reply.getMessageProperties().getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
        assertThat(reply.getMessageProperties().getHeaders()).containsEntry("__TypeId__", BookingOutcome.class.getName());
        assertThat(reply.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.NON_PERSISTENT);
        assertThat(new String(reply.getBody(), StandardCharsets.UTF_8))
                .contains("\"booking_id\":" + command.bookingId(), "\"status\":\"CONFIRMED\"")
                .doesNotContain("\"reason\"");
        assertThat(converter.fromMessage(reply)).isEqualTo(new BookingOutcome(command.bookingId(), event, command.userId(), 1, BookingStatus.CONFIRMED, null, command.createdAt(), null));
        Message announced = rabbit.receive(outcomes.getName(), 20_000);
        assertThat(announced.getMessageProperties().getReceivedRoutingKey()).isEqualTo(MessagingProperties.OUTCOMES_ROUTING_KEY);
        assertThat(announced.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
    }

    @Test
    void aBatchIsCommittedTogetherAndAnsweredInItsOwnOrderWithOneAnnouncement() {
        long event = newEvent(2);
        String twice = newUser();
        BookingCommand first = newBooking(event, twice);
        BookingCommand again = newBooking(event, twice);
        BookingCommand second = newBooking(event, newUser());
        BookingCommand late = newBooking(event, newUser());

        BookingOutcomes replies = requestBatchAndWait(first, again, second, late);

        assertThat(replies.outcomes()).extracting(outcome -> outcome.bookingId() + ":" + outcome.status() + ":" + outcome.reason())
                .containsExactly(first.bookingId() + ":CONFIRMED:null", again.bookingId() + ":REJECTED:ALREADY_BOOKED",
                        second.bookingId() + ":CONFIRMED:null", late.bookingId() + ":REJECTED:SOLD_OUT");
        assertThat(bookedSeats(event)).isEqualTo(2);
        Message announced = rabbit.receive(outcomes.getName(), 20_000);
        assertThat(((BookingOutcomes) converter.fromMessage(announced)).outcomes()).extracting(BookingOutcome::bookingId)
                .containsExactlyInAnyOrder(first.bookingId(), again.bookingId(), second.bookingId(), late.bookingId());
        assertThat(rabbit.receive(outcomes.getName(), 500)).as("one announcement for the batch").isNull();
    }

    /** "status booking-id" of every outcome announced so far, in order. */
    private List<String> receivedOutcomes() {
        List<String> received = new ArrayList<>();
        for (Message message = rabbit.receive(outcomes.getName(), 2_000); message != null;
                message = rabbit.receive(outcomes.getName(), 1_000)) {
            for (BookingOutcome outcome : ((BookingOutcomes) converter.fromMessage(message)).outcomes()) {
                received.add(outcome.status() + " " + outcome.bookingId());
            }
        }
        return received;
    }
}
