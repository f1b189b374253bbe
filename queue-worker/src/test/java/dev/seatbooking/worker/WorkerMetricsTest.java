package dev.seatbooking.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.common.booking.Booking;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The waiting list's offer lag: the seats in the order they came back go to the offers in theirs. */
class WorkerMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry);

    @Test
    void eachOfferWaitsForTheLastOfItsSeatsAndOffersOfSeatsFreeBeforeHaveNoLag() {
        List<Booking> offers = List.of(offer(2, T0.plusSeconds(5)), offer(1, T0.plusSeconds(6)), offer(1, T0.plusSeconds(7)));

        metrics.offersMade(offers, "expiry", List.of(T0.plusSeconds(3), T0, T0.plusSeconds(1)));

        Timer lag = registry.get("booking.waitlist.offer.lag").timer();
        assertThat(lag.count()).isEqualTo(2);
        // 2 seats, the second back at T0 + 1 s: 4 s; 1 seat back at T0 + 3 s: 3 s; the last offer's seat was free before
        assertThat(lag.totalTime(TimeUnit.SECONDS)).isEqualTo(7.0);
        assertThat(lag.max(TimeUnit.SECONDS)).isEqualTo(4.0);
        assertThat(registry.get("booking.waitlist.offers").tag("cause", "expiry").counter().count()).isEqualTo(3.0);
    }

    @Test
    void noOffersCountNothing() {
        metrics.offersMade(List.of(), "cancel", List.of(T0));

        assertThat(registry.find("booking.waitlist.offers").counter()).isNull();
        assertThat(registry.get("booking.waitlist.offer.lag").timer().count()).isZero();
    }

    private static Booking offer(int quantity, Instant createdAt) {
        return Booking.live(1, 1, "waiter", quantity, createdAt.plusSeconds(900), null, createdAt);
    }
}
