package dev.seatbooking.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingStatus;
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
    private final Timer commitLag;
    private final Timer offerLag;

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
        this.commitLag = Timer.builder("booking.worker.commit.lag")
                .description("From a booking's seat hold in Redis to its row committed in PostgreSQL")
                .publishPercentileHistogram()
                .register(registry);
        this.offerLag = Timer.builder("booking.waitlist.offer.lag")
                .description("From an expired hold's expires_at to the waiting list's offer of its seats committed")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** A claim was committed now: the time since its seats were held in Redis, and a new hold counted. */
    public void committed(Booking claim) {
        commitLag.record(Duration.between(claim.getCreatedAt(), Instant.now()));
        if (claim.getStatus() == BookingStatus.HELD) {
            holdCommitted(BookingStatus.HELD.name());
        }
    }

    /**
     * A hold was committed in a new state: HELD (created), CONFIRMED, RELEASED or EXPIRED; every hold
     * is counted once as HELD and once more as it ended.
     */
    public void holdCommitted(String status) {
        registry.counter("booking.holds", "outcome", status).increment();
    }

    /**
     * Offers the waiting list got from seats given back by a cancel, release or expiry (the
     * {@code cause}); {@code seatsBack}, for an expiry, is when the first of them came back.
     * Counted here, at the commit's end of the transaction; a rolled-back one is counted all the same,
     * and its commands' retry counts its offers again.
     */
    public void offersMade(List<Booking> offers, String cause, Instant seatsBack) {
        if (offers.isEmpty()) {
            return;
        }
        registry.counter("booking.waitlist.offers", "cause", cause).increment(offers.size());
        if (seatsBack != null) {
            for (Booking offer : offers) {
                Duration lag = Duration.between(seatsBack, offer.getCreatedAt());
                offerLag.record(lag.isNegative() ? Duration.ZERO : lag);
            }
        }
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
