package dev.seatbooking.cache.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.MessagingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Redis that lost its data also lost the seats of commands still queued: no event is rebuilt while
 * any may be uncommitted. (The drain through a running queue-worker, fences included, is tested end
 * to end in system-tests' RedisFaultTest.)
 */
class RedisLossRecoveryTest extends CacheServiceTest {

    @Autowired
    private RabbitTemplate rabbit;

    @Autowired
    private AmqpAdmin admin;

    @Autowired
    private MessagingProperties names;

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void emptyTheCommandQueue() {
        admin.purgeQueue(names.commandQueue(), false);
    }

    @Test
    void withCommandsQueuedAndNoWorkerNothingIsRebuilt() {
        long eventId = storedEvent("Nobody consumes", 2);
        rabbit.convertAndSend("", names.commandQueue(), new BookingCommand(bookingId(), eventId, "queued", 1, null, null, now(), null));
        // the publish is not confirmed: the command is in flight only once the queue counts it
        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.getQueueInfo(names.commandQueue()).getMessageCount() == 1);

        loseEverything();

        assertThat(hold(eventId, "hopeful").result()).isEqualTo(ClaimResult.UNAVAILABLE);
        assertThat(redisson.getKeys().countExists(keys.eventCapacity(eventId), keys.stateMarker())).isZero();
    }

    @Test
    void withNothingInFlightTheFirstHoldRecoversAtOnce() {
        long eventId = storedEvent("Nothing in flight", 2);
        double recoveriesBefore = recoveries();

        loseEverything();

        assertThat(hold(eventId, "first").result()).isEqualTo(ClaimResult.HELD);
        assertThat(hold(eventId, "second").result()).isEqualTo(ClaimResult.HELD);
        assertThat(redisson.getKeys().countExists(keys.stateMarker())).isOne();
        assertThat(recoveries() - recoveriesBefore).isEqualTo(1);
    }

    /** Everything under this run's prefix, which is all Redis holds for this service: a FLUSHALL of our own. */
    private void loseEverything() {
        redisson.getKeys().deleteByPattern(keys.keyPrefix() + "*");
    }

    private double recoveries() {
        return meters.get("booking.cache.recoveries").counter().count();
    }
}
