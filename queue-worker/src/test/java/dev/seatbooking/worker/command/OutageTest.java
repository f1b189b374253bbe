package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * While PostgreSQL or RabbitMQ cannot take a command's outcome, the command waits in the queue;
 * nothing is dead-lettered and nothing is lost.
 */
class OutageTest extends WorkerIntegrationTest {

    @Autowired
    private AmqpAdmin admin;

    @Test
    void commandsWaitForPostgresAndAreAnsweredOnceItIsBack() {
        long event = newEvent(10);
        BookingCommand command = newBooking(event, newUser());
        CompletableFuture<BookingOutcome> reply;
        String database = databaseName();
        try {
            asAdministrator("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            asAdministrator("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");

            reply = request(command);

            // at least one attempt (3 s connection timeout) and a pause pass without an answer
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> !reply.isDone());
            assertThat(rabbit.receive(names.deadLetterQueue())).isNull();
        } finally {
            asAdministrator("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }

        assertThat(reply.orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(new BookingOutcome(command.bookingId(), event, command.userId(), 1, BookingStatus.CONFIRMED, null, command.createdAt(), null));
        assertThat(bookedSeats(event)).isEqualTo(1);
        assertThat(rabbit.receive(names.deadLetterQueue())).isNull();
    }

    /**
     * Without the outcome exchange RabbitMQ refuses the event, so the committed command is not
     * acked: redelivered, it finds its row and publishes the event once the exchange is back.
     */
    @Test
    void aCommittedCommandIsAckedOnlyOnceItsOutcomeIsPublished() {
        long event = newEvent(10);
        BookingCommand command = newBooking(event, newUser());
        Queue subscriber = new Queue(names.prefix() + ".test-outage-outcomes", false, true, false);
        try {
            admin.deleteExchange(names.outcomeExchange());
            rabbit.convertAndSend("", names.commandQueue(), command);
            await().atMost(Duration.ofSeconds(20)).until(() -> bookingRows(event) == 1);
            // committed, but unannounced: the command stays in RabbitMQ's hands, not in the dead letters
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> rabbit.receive(names.deadLetterQueue()) == null);
        } finally {
            // declares the topology again, as every service does at start-up
            ((RabbitAdmin) admin).initialize();
        }
        admin.declareQueue(subscriber);
        admin.declareBinding(BindingBuilder.bind(subscriber).to(new TopicExchange(names.outcomeExchange())).with("#"));

        var announced = rabbit.receiveAndConvert(subscriber.getName(), 30_000);
        admin.deleteQueue(subscriber.getName());

        assertThat(announced).isEqualTo(new BookingOutcomes(List.of(new BookingOutcome(command.bookingId(), event, command.userId(), 1, BookingStatus.CONFIRMED, null, command.createdAt(), null))));
        assertThat(bookingRows(event)).isEqualTo(1);
        assertThat(bookedSeats(event)).isEqualTo(1);
    }
}
