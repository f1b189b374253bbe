package dev.seatbooking.worker;

import dev.seatbooking.common.messaging.BookingOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** What queue-worker reports to Prometheus. Tags have few values (no user or event ids). */
@Component
public class WorkerMetrics {

    private final MeterRegistry registry;
    private final Timer batchCommit;
    private final DistributionSummary batchSize;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchCommit = Timer.builder("booking.worker.batch.commit")
                .description("Time of a committed transaction holding a batch of booking commands")
                .publishPercentileHistogram()
                .register(registry);
        this.batchSize = DistributionSummary.builder("booking.worker.batch.size")
                .description("Commands handed to the worker at once")
                .baseUnit("commands")
                .register(registry);
    }

    public Timer.Sample startBatchTransaction() {
        return Timer.start(registry);
    }

    public void batchTransactionCommitted(Timer.Sample sample) {
        sample.stop(batchCommit);
    }

    public void batchReceived(int commands) {
        batchSize.record(commands);
    }

    public void outcome(BookingOutcome outcome) {
        registry.counter("booking.worker.outcomes", "status", outcome.status().name(),
                "reason", outcome.reason() == null ? "none" : outcome.reason()).increment();
    }

    /** {@code cause}: "unreadable" (not a command) or "unprocessable" (a command that can never succeed). */
    public void deadLettered(String cause) {
        registry.counter("booking.worker.dead_lettered", "cause", cause).increment();
    }
}
