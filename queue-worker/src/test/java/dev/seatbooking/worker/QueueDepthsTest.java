package dev.seatbooking.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The queue gauges against this run's queues. */
class QueueDepthsTest extends WorkerIntegrationTest {

    @Autowired
    private QueueDepths depths;

    @Autowired
    private MeterRegistry meters;

    @Test
    void deadLettersWaitingAreCountedAndTheCommandQueueShowsItsConsumers() {
        depths.refresh();
        double before = gauge("booking.queue.messages", "dead-letters");
        rabbit.convertAndSend(names.deadLetterQueue(), "a dead letter");
        rabbit.convertAndSend(names.deadLetterQueue(), "another one");

        depths.refresh();

        try {
            assertThat(gauge("booking.queue.messages", "dead-letters") - before).isEqualTo(2);
            // the worker's own consumers (two by default)
            assertThat(gauge("booking.queue.consumers", "commands")).isGreaterThanOrEqualTo(2);
            assertThat(gauge("booking.queue.messages", "cache-outcomes")).isGreaterThanOrEqualTo(0);
        } finally {
            rabbit.receive(names.deadLetterQueue(), 5_000);
            rabbit.receive(names.deadLetterQueue(), 5_000);
        }
    }

    private double gauge(String name, String queue) {
        return meters.get(name).tag("queue", queue).gauge().value();
    }
}
