package dev.seatbooking.cache.hold;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.messaging.DrainFence;
import dev.seatbooking.common.messaging.MessagingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When Redis lost its data (a restart without persistence, a FLUSHALL), it lost the seats of the
 * bookings whose commands are still in RabbitMQ as well. An event rebuilt from PostgreSQL at that
 * moment would count those seats as free and admit other users to them; PostgreSQL would refuse
 * whichever commits last, and that may be a booking whose client was already told 202.
 *
 * <p>So before the first event is loaded again, the commands in flight are let through. No new
 * command can join meanwhile, since every hold waits for its event's rebuild. A command is in
 * flight either waiting in the queue (RabbitMQ counts those) or taken by a queue-worker consumer and
 * not yet acked (which RabbitMQ does not tell). For the latter, each consumer is asked through the
 * queue itself with a {@link DrainFence}: it answers once everything it took before the fence is
 * settled. The queue empty, then every consumer's answer, and the queue still empty: only then is
 * the state marker written, and events are rebuilt from a PostgreSQL that holds every accepted
 * booking. A consumer that cannot answer (stuck on PostgreSQL, retrying) keeps the recovery waiting,
 * and holds get 503 meanwhile, rather than seats being sold twice.
 */
@Component
class RedisLossRecovery {

    private static final Logger log = LoggerFactory.getLogger(RedisLossRecovery.class);

    private static final Duration QUEUE_POLL = Duration.ofMillis(50);

    private final RedissonClient redisson;
    private final SeatKeys keys;
    private final SeatState seats;
    private final AmqpAdmin admin;
    private final RabbitTemplate fences;
    private final String commandQueue;
    private final Duration wait;
    private final Counter recoveries;

    RedisLossRecovery(RedissonClient redisson, SeatKeys keys, SeatState seats, AmqpAdmin admin,
            ConnectionFactory connectionFactory, MessageConverter converter, MessagingProperties messaging,
            CacheProperties properties, MeterRegistry meters) {
        this.redisson = redisson;
        this.keys = keys;
        this.seats = seats;
        this.admin = admin;
        this.wait = properties.rebuildLockWait();
        this.fences = new RabbitTemplate(connectionFactory);
        fences.setMessageConverter(converter);
        fences.setReplyTimeout(wait.toMillis());
        this.commandQueue = messaging.commandQueue();
        this.recoveries = Counter.builder("booking.cache.recoveries")
                .description("Times Redis was found without its data and the commands in flight were committed before rebuilding")
                .register(meters);
    }

    /** At start-up, when no hold waits for it yet; if it cannot finish now, the first rebuild tries again. */
    @EventListener(ApplicationReadyEvent.class)
    void recoverAtStartUp() {
        try {
            awaitCommandsInFlight();
        } catch (RuntimeException e) {
            log.warn("No recovery at start-up: {}", e.toString());
        }
    }

    /** Returns once no command accepted under a lost Redis state can still be uncommitted. */
    void awaitCommandsInFlight() {
        if (seats.isStateKept()) {
            return;
        }
        RLock lock = redisson.getLock(keys.recoveryLock());
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw unavailable("another instance is still recovering");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        try {
            if (!seats.isStateKept()) {
                long started = System.nanoTime();
                drainCommandQueue(started + wait.toNanos());
                seats.markStateKept();
                recoveries.increment();
                log.warn("Redis had no seat state (first start, or it lost its data): commands in flight were "
                        + "committed in {} ms before rebuilding from PostgreSQL",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        } finally {
            lock.unlock();
        }
    }

    private void drainCommandQueue(long deadline) {
        Set<String> passed = new HashSet<>();
        while (true) {
            QueueInformation queue = admin.getQueueInfo(commandQueue);
            // a queue that does not exist holds no commands
            if (queue == null) {
                return;
            }
            if (queue.getMessageCount() > 0) {
                if (queue.getConsumerCount() == 0) {
                    throw unavailable(queue.getMessageCount() + " commands wait and no queue-worker consumes them");
                }
                // waiting, or back in the queue after a failure: whoever takes them must answer after that
                passed.clear();
                pause(deadline, queue.getMessageCount() + " commands still wait in the queue");
            } else if (passed.size() >= queue.getConsumerCount()) {
                return;
            } else {
                Object answer = fences.convertSendAndReceive("", commandQueue,
                        new DrainFence(Set.copyOf(passed), Instant.now().plus(wait)));
                if (!(answer instanceof DrainFence.Passed consumer)) {
                    throw unavailable("a queue-worker consumer did not settle what it holds in time");
                }
                passed.add(consumer.consumerTag());
            }
        }
    }

    private static void pause(long deadline, String why) {
        if (System.nanoTime() + QUEUE_POLL.toNanos() > deadline) {
            throw unavailable(why);
        }
        try {
            Thread.sleep(QUEUE_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static ApiException unavailable(String why) {
        log.warn("Seat state recovery cannot finish yet: {}", why);
        return ApiException.unavailable("The seat state (recovering after Redis lost its data)", null);
    }
}
