package dev.seatbooking.booking.booking;

import java.time.Duration;
import java.util.function.Supplier;

import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Refusal;
import dev.seatbooking.common.error.Result;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * At most BOOKING_CLAIMS_IN_FLIGHT reserves and holds under way in this instance; one more waits up to
 * BOOKING_CLAIM_WAIT for a place, then is answered 503 with Retry-After. Beyond that many, the
 * batches to cache-service and RabbitMQ are full and queue-worker is the limit: more requests in
 * flight only wait longer, each holding its parked virtual thread's stack on the heap. An open flood
 * (an on-sale's first seconds) once took booking-service from 150 MB to an OutOfMemoryError at
 * -Xmx512m in 3 s; bounded, it answers the excess at once and the client retries.
 */
@Component
class ClaimBulkhead {

    private final Bulkhead bulkhead;
    private final Counter refused;

    ClaimBulkhead(ReservationProperties properties, MeterRegistry meters) {
        this.bulkhead = Bulkhead.of("claims", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.claimsInFlight())
                .maxWaitDuration(properties.claimWait())
                .build());
        Gauge.builder("booking.claims.in.flight", bulkhead,
                        claims -> claims.getMetrics().getMaxAllowedConcurrentCalls()
                                - claims.getMetrics().getAvailableConcurrentCalls())
                .description("Reserves and holds under way in this instance (at most BOOKING_CLAIMS_IN_FLIGHT)")
                .register(meters);
        this.refused = Counter.builder("booking.claims.refused")
                .description("Reserves and holds answered 503 because BOOKING_CLAIMS_IN_FLIGHT were under way")
                .register(meters);
    }

    <T> Result<T> run(Supplier<Result<T>> claim) {
        if (!bulkhead.tryAcquirePermission()) {
            refused.increment();
            return Result.refused(new Refusal(ErrorCode.SERVICE_UNAVAILABLE,
                    "Too many reservations and holds are under way; please retry in a second", Duration.ofSeconds(1)));
        }
        try {
            return claim.get();
        } finally {
            bulkhead.onComplete();
        }
    }
}
