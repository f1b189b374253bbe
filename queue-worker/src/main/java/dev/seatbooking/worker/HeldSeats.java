package dev.seatbooking.worker;

import java.util.concurrent.atomic.AtomicLong;

import dev.seatbooking.common.event.EventRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The seats under live holds across all events, as PostgreSQL counts them (events.held_seats): what
 * buyers are paying for right now. Read on the schedule of the queue gauges, so that a scrape never
 * waits for PostgreSQL; -1 while PostgreSQL cannot be asked.
 */
@Component
class HeldSeats {

    private static final Logger log = LoggerFactory.getLogger(HeldSeats.class);

    private final EventRepository events;
    private final AtomicLong held = new AtomicLong(-1);

    HeldSeats(EventRepository events, MeterRegistry meters) {
        this.events = events;
        Gauge.builder("booking.holds.held.seats", held, AtomicLong::get)
                .description("Seats under live holds across all events, committed in PostgreSQL (-1: unknown)")
                .baseUnit("seats")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${booking.worker.queue-metrics-interval:5s}")
    void refresh() {
        try {
            held.set(events.sumHeldSeats());
        } catch (RuntimeException e) {
            held.set(-1);
            log.debug("Cannot read the held seats: {}", e.toString());
        }
    }
}
