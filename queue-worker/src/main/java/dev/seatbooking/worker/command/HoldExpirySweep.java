package dev.seatbooking.worker.command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.seatbooking.common.booking.BookingRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net under the expiry queues: every WORKER_HOLD_SWEEP_INTERVAL it asks PostgreSQL for
 * the holds whose time was up more than WORKER_HOLD_SWEEP_GRACE ago and sends their expiries to the
 * command queue. Normally there are none, since each hold's expiry comes through its expiry queue
 * when due; the sweep finds those whose expiry was lost (a broker that dropped it, a worker that died
 * between its commit and its publish). The expiry applies to a hold that is still HELD only, so one
 * sent twice, or by every worker replica, changes nothing the second time.
 */
@Component
class HoldExpirySweep {

    private static final Logger log = LoggerFactory.getLogger(HoldExpirySweep.class);

    /** Expiries sent per pass: a backlog is worked off pass by pass rather than in one flood. */
    static final int BATCH = 500;

    private final BookingRepository bookings;
    private final OutcomePublisher publisher;
    private final Duration grace;
    private final Counter swept;

    HoldExpirySweep(BookingRepository bookings, OutcomePublisher publisher, WorkerProperties worker,
            MeterRegistry meters) {
        this.bookings = bookings;
        this.publisher = publisher;
        this.grace = worker.holdSweepGrace();
        this.swept = Counter.builder("booking.holds.swept")
                .description("Hold expiries the sweep sent because their own had not come in time")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${booking.worker.hold-sweep-interval}")
    void sweep() {
        try {
            List<Long> due = bookings.findDueHolds(Instant.now().minus(grace), PageRequest.of(0, BATCH));
            if (!due.isEmpty()) {
                publisher.expireNow(due);
                swept.increment(due.size());
                log.info("The sweep sent the expiries of {} holds whose own had not come", due.size());
            }
        } catch (RuntimeException e) {
            // PostgreSQL or RabbitMQ away: the next pass tries again
            log.warn("Hold expiry sweep failed: {}", e.toString());
        }
    }
}
