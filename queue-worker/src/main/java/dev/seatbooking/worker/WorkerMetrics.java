package dev.seatbooking.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.booking.WaitlistOfferCounter;
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
                .description("From seats coming back (an expired hold's expires_at, a cancel's or release's commit) "
                        + "to the waiting list's offer of them")
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
     * {@code cause}), counted at the end of their transaction (before its commit: a run retried after
     * a failed commit counts its offers again). Each offer's lag runs from when the last of its seats
     * came back: the seats in the order they came back ({@code seatsBack}, one instant per seat) go
     * to the offers in the order they were made, which is the list's; an offer of seats that were
     * free before (too few for the entries ahead of it) has no lag to tell.
     */
    public void offersMade(List<Booking> offers, String cause, List<Instant> seatsBack) {
        if (offers.isEmpty()) {
            return;
        }
        WaitlistOfferCounter.of(registry, cause).increment(offers.size());
        List<Instant> back = seatsBack.stream().sorted().toList();
        int taken = 0;
        for (Booking offer : offers) {
            int before = taken;
            taken = Math.min(taken + offer.getQuantity(), back.size());
            if (taken > before) {
                Duration lag = Duration.between(back.get(taken - 1), offer.getCreatedAt());
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
