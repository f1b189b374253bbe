package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.worker.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;

/** Messages that can never succeed end in the dead-letter queue, and the worker carries on. */
class DeadLetterTest extends WorkerIntegrationTest {

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private MessageConverter converter;

    @Test
    void unreadableMessagesAreDeadLetteredAndTheQueueKeepsFlowing() {
        double before = deadLettered("unreadable");
        List<Message> garbage = List.of(
                raw("not json at all", MessageProperties.CONTENT_TYPE_TEXT_PLAIN, null),
                raw("{\"booking_id\": 1", MessageProperties.CONTENT_TYPE_JSON, BookingCommand.class.getName()),
                raw("{}", MessageProperties.CONTENT_TYPE_JSON, null),
                raw("{}", MessageProperties.CONTENT_TYPE_JSON, "java.util.HashMap"),
                raw("{}", MessageProperties.CONTENT_TYPE_JSON, "dev.seatbooking.common.messaging.NoSuchCommand"),
                // a message type of ours, but not a command
                converter.toMessage(new BookingOutcome(1, 1, "u", 1, BookingStatus.CONFIRMED, null, null, null),
                        new MessageProperties()));
        Set<String> ids = new HashSet<>();
        for (Message message : garbage) {
            message.getMessageProperties().setMessageId(UUID.randomUUID().toString());
            ids.add(message.getMessageProperties().getMessageId());
            rabbit.send("", names.commandQueue(), message);
        }

        assertThat(deadLetteredIds(ids.size())).isEqualTo(ids);
        assertCounted("unreadable", before, garbage.size());

        long event = newEvent(1);
        BookingCommand command = newBooking(event, newUser());
        assertThat(requestAndWait(command).status()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void aBookingForAnEventThatDoesNotExistIsAnsweredAndDeadLettered() {
        double before = deadLettered("unprocessable");
        BookingCommand command = newBooking(Long.MAX_VALUE, newUser());

        BookingOutcome reply = request(command).join();

        assertThat(reply).isEqualTo(new BookingOutcome(command.bookingId(), Long.MAX_VALUE, command.userId(), 1, BookingStatus.REJECTED, "EVENT_NOT_FOUND", null, null));
        Message dead = rabbit.receive(names.deadLetterQueue(), 20_000);
        assertThat(dead).isNotNull();
        assertThat(converter.fromMessage(dead)).isEqualTo(command);
        assertCounted("unprocessable", before, 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bookings WHERE id = ?", Integer.class,
                command.bookingId())).isZero();
    }

    @Test
    void anUnprocessableCommandOfABatchIsDeadLetteredAloneAndTheRestCommits() {
        double before = deadLettered("unprocessable");
        long event = newEvent(5);
        BookingCommand good = newBooking(event, newUser());
        BookingCommand orphan = newBooking(Long.MAX_VALUE, newUser());

        BookingOutcomes replies = requestBatchAndWait(good, orphan);

        assertThat(replies.outcomes()).extracting(outcome -> outcome.status() + ":" + outcome.reason())
                .containsExactly("CONFIRMED:null", "REJECTED:EVENT_NOT_FOUND");
        Message dead = rabbit.receive(names.deadLetterQueue(), 20_000);
        assertThat(dead).isNotNull();
        assertThat(converter.fromMessage(dead)).isEqualTo(orphan);
        assertCounted("unprocessable", before, 1);
        assertThat(bookedSeats(event)).isEqualTo(1);
    }

    private Set<String> deadLetteredIds(int expected) {
        Set<String> received = new HashSet<>();
        while (received.size() < expected) {
            Message message = rabbit.receive(names.deadLetterQueue(), 20_000);
            assertThat(message).as("dead letter %d of %d", received.size() + 1, expected).isNotNull();
            received.add(message.getMessageProperties().getMessageId());
        }
        return received;
    }

    private static Message raw(String body, String contentType, String typeId) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(contentType);
        if (typeId != null) {
            properties.setHeader("__TypeId__", typeId);
        }
        return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
    }

    /** The count moves once RabbitMQ was told to dead-letter, which may be a moment after the dead letter arrived. */
    private void assertCounted(String cause, double before, double expected) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(deadLettered(cause) - before).isEqualTo(expected));
    }

    private double deadLettered(String cause) {
        var counter = registry.find("booking.worker.dead_lettered").tag("cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }
}
