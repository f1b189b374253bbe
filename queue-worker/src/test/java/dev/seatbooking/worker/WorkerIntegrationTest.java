package dev.seatbooking.worker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingCommands;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running worker against this run's PostgreSQL database and RabbitMQ queues. Every test class
 * extends this one unchanged, so they all share one application context (and one set of
 * consumers); tests keep apart by using their own events, users and booking ids.
 */
@SpringBootTest(properties = QueueWorkerApplication.CONFIG_NAME)
public abstract class WorkerIntegrationTest {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        TestInfrastructure.register(r);
    }

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected EventRepository events;

    @Autowired
    protected RabbitTemplate rabbit;

    @Autowired
    protected MessagingProperties names;

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private MessageConverter converter;

    /** Sends like booking-service does: AsyncRabbitTemplate with a reply queue of its own. */
    private AsyncRabbitTemplate requester;

    @BeforeEach
    void startRequester() {
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        template.setMessageConverter(converter);
        Queue replies = new AnonymousQueue(new Base64UrlNamingStrategy(names.replyQueuePrefix()));
        new RabbitAdmin(connectionFactory).declareQueue(replies);
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueues(replies);
        requester = new AsyncRabbitTemplate(template, container);
        requester.setReceiveTimeout(60_000);
        requester.start();
    }

    @AfterEach
    void stopRequester() {
        requester.stop();
    }

    protected CompletableFuture<BookingOutcome> request(Object command) {
        return requester.convertSendAndReceiveAsType("", names.commandQueue(), command,
                new ParameterizedTypeReference<BookingOutcome>() {
                });
    }

    protected BookingOutcome requestAndWait(Object command) {
        return request(command).orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** A batch as booking-service sends it, answered with one outcome per command, in order. */
    protected BookingOutcomes requestBatchAndWait(BookingCommand... commands) {
        return requester.convertSendAndReceiveAsType("", names.commandQueue(), new BookingCommands(List.of(commands)),
                new ParameterizedTypeReference<BookingOutcomes>() {
                }).orTimeout(60, TimeUnit.SECONDS).join();
    }

    protected long newEvent(int seats) {
        return events.save(new Event("Event " + SEQUENCE.incrementAndGet(), seats)).getId();
    }

    protected int bookedSeats(long eventId) {
        return jdbc.queryForObject("SELECT booked_seats FROM events WHERE id = ?", Integer.class, eventId);
    }

    protected int heldSeats(long eventId) {
        return jdbc.queryForObject("SELECT held_seats FROM events WHERE id = ?", Integer.class, eventId);
    }

    protected int bookingRows(long eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM bookings WHERE event_id = ?", Integer.class, eventId);
    }

    /** What the database trigger recorded for a booking, in order. */
    protected List<String> audit(long bookingId) {
        return jdbc.queryForList("SELECT action || coalesce(':' || reason, '') FROM booking_audit "
                + "WHERE booking_id = ? ORDER BY id", String.class, bookingId);
    }

    /** An id no booking of this run has. */
    protected static long newId() {
        return SEQUENCE.incrementAndGet();
    }

    protected static String newUser() {
        return "user-" + SEQUENCE.incrementAndGet();
    }

    /** PostgreSQL keeps microseconds, so a re-read booking equals the command it came from. */
    protected static BookingCommand newBooking(long eventId, String userId) {
        return new BookingCommand(SEQUENCE.incrementAndGet(), eventId, userId, 1, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null);
    }

    /** A hold of {@code quantity} seats that expires after {@code lifetime}. */
    protected static BookingCommand newHold(long eventId, String userId, int quantity, Duration lifetime) {
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new BookingCommand(SEQUENCE.incrementAndGet(), eventId, userId, quantity, createdAt.plus(lifetime), null,
                createdAt, null);
    }

    protected static BookingCommand newBooking(long eventId, String userId, String idempotencyKey) {
        return new BookingCommand(SEQUENCE.incrementAndGet(), eventId, userId, 1, null, idempotencyKey, Instant.now().truncatedTo(ChronoUnit.MICROS), null);
    }

    /** Runs SQL as the administrator, on the maintenance database (e.g. to lock this run's database out). */
    protected static void asAdministrator(String sql) {
        var props = TestInfrastructure.properties();
        try (Connection connection = DriverManager.getConnection(props.get("test.postgres.admin-url"),
                props.get("spring.datasource.username"), props.get("spring.datasource.password"));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This run's database, as named in its JDBC URL. */
    protected static String databaseName() {
        String url = TestInfrastructure.jdbcUrl();
        return url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    }
}
