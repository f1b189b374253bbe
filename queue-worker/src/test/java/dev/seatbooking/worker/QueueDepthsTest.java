package dev.seatbooking.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.worker.command.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;

/** The queue gauges against this run's queues. */
class QueueDepthsTest extends WorkerIntegrationTest {

    @Autowired
    private QueueDepths depths;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private AmqpAdmin admin;

    @Autowired
    private WorkerProperties worker;

    @Test
    void waitingMessagesAreCountedPerQueueAndTheCommandQueueShowsItsConsumers() {
        depths.refresh();
        double deadLetters = gauge("booking.queue.messages", "dead-letters");
        double outcomes = gauge("booking.queue.messages", "cache-outcomes");
        rabbit.convertAndSend(names.deadLetterQueue(), "a dead letter");
        rabbit.convertAndSend(names.deadLetterQueue(), "another one");
        rabbit.convertAndSend(names.cacheOutcomeQueue(), "an outcome nobody applies here");

        try {
            // the sends are not confirmed: RabbitMQ may count a queue (on another channel) before
            // it has taken them all, so the gauges are read again until it has
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                depths.refresh();
                assertThat(gauge("booking.queue.messages", "dead-letters") - deadLetters).isEqualTo(2);
                assertThat(gauge("booking.queue.messages", "cache-outcomes") - outcomes).isEqualTo(1);
            });
            // this context's consumers, and those of any other worker context of this test JVM
            assertThat(gauge("booking.queue.consumers", "commands")).isGreaterThanOrEqualTo(worker.concurrency());
            // cache-service does not run here
            assertThat(gauge("booking.queue.consumers", "cache-outcomes")).isZero();
        } finally {
            rabbit.receive(names.deadLetterQueue(), 5_000);
            rabbit.receive(names.deadLetterQueue(), 5_000);
            rabbit.receive(names.cacheOutcomeQueue(), 5_000);
        }
    }

    @Test
    void aQueueRabbitMqDoesNotKnowReadsMinusOne() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        QueueDepths missing = new QueueDepths(admin, new MessagingProperties("test.no-such-queues-" + System.nanoTime(),
                MessagingProperties.QueueType.CLASSIC), own);

        missing.refresh();

        assertThat(own.get("booking.queue.messages").tag("queue", "commands").gauge().value()).isEqualTo(-1);
        assertThat(own.get("booking.queue.consumers").tag("queue", "commands").gauge().value()).isEqualTo(-1);
    }

    private double gauge(String name, String queue) {
        return meters.get(name).tag("queue", queue).gauge().value();
    }
}
