package dev.seatbooking.worker.command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.messaging.MessagingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net under the expiry queues: every WORKER_HOLD_SWEEP_INTERVAL it asks PostgreSQL for
 * the holds whose time was up more than WORKER_HOLD_SWEEP_GRACE ago and sends their expiries to the
 * queue of due expiries. Normally there are none, since each hold's expiry comes through its expiry
 * queue when due; the sweep finds those whose expiry was lost (a broker that dropped it, a worker
 * that died between its commit and its publish). The expiry applies to a hold that is still HELD only, so one
 * sent twice, or by every worker replica, changes nothing the second time.
 *
 * <p>A pass is skipped while due expiries wait in their queue: the overdue holds' own are most
 * likely among them, and sending them again would only lengthen the wait (in the checkout funnel's
 * overload, before this rule, the sweep sent 30,191 expiries for 21,364 holds that expired, each a
 * duplicate behind its original). A lost expiry is still found, once the queue is worked off.
 */
@Component
class HoldExpirySweep {

    private static final Logger log = LoggerFactory.getLogger(HoldExpirySweep.class);

    /** Expiries sent per pass: a backlog is worked off pass by pass rather than in one flood. */
    static final int BATCH = 500;

    private final BookingRepository bookings;
    private final OutcomePublisher publisher;
    private final AmqpAdmin admin;
    private final String dueExpiryQueue;
    private final Duration grace;
    private final Counter swept;

    HoldExpirySweep(BookingRepository bookings, OutcomePublisher publisher, AmqpAdmin admin, MessagingProperties names,
            WorkerProperties worker, MeterRegistry meters) {
        this.bookings = bookings;
        this.publisher = publisher;
        this.admin = admin;
        this.dueExpiryQueue = names.dueExpiryQueue();
        this.grace = worker.holdSweepGrace();
        this.swept = Counter.builder("booking.holds.swept")
                .description("Hold expiries the sweep sent because their own had not come in time")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${booking.worker.hold-sweep-interval}")
    void sweep() {
        try {
            if (expiriesWaiting() > 0) {
                return;
            }
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

    /** Expiries ready in their queue, not yet taken by a consumer (a passive declare). */
    private long expiriesWaiting() {
        QueueInformation queue = admin.getQueueInfo(dueExpiryQueue);
        return queue == null ? 0 : queue.getMessageCount();
    }
}
