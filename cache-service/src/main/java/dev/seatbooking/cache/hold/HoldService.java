package dev.seatbooking.cache.hold;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.cache.HoldResponse;
import dev.seatbooking.common.cache.HoldResult;
import dev.seatbooking.common.cache.PendingHold;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;

/** Holds and releases seats, loading an event's state from PostgreSQL the first time Redis lacks it. */
@Service
public class HoldService {

    private final SeatState seats;
    private final SeatStateRebuilder rebuilder;
    private final Timer scriptTimer;
    private final Map<HoldResult, Counter> holdCounters = new EnumMap<>(HoldResult.class);

    HoldService(SeatState seats, SeatStateRebuilder rebuilder, MeterRegistry meters) {
        this.seats = seats;
        this.rebuilder = rebuilder;
        this.scriptTimer = Timer.builder("booking.cache.hold.script")
                .description("Time of one run of the hold script in Redis")
                .publishPercentileHistogram()
                .register(meters);
        for (HoldResult result : HoldResult.values()) {
            holdCounters.put(result, Counter.builder("booking.cache.holds")
                    .description("Hold requests by outcome")
                    .tag("result", result.name())
                    .register(meters));
        }
    }

    public HoldResponse hold(long eventId, HoldRequest request) {
        Optional<HoldResponse> response = runHoldScript(eventId, request);
        if (response.isEmpty()) {
            if (!rebuilder.rebuild(eventId)) {
                return counted(new HoldResponse(HoldResult.EVENT_NOT_FOUND, null));
            }
            response = runHoldScript(eventId, request);
        }
        // only a deletion of the state between rebuild and retry gets here; the client may retry
        return counted(response.orElseThrow(() -> ApiException.unavailable("The seat state of event " + eventId, null)));
    }

    /** Frees the seat if the booking still holds it; true if a seat was freed. */
    public boolean release(long eventId, String userId, long bookingId) {
        return seats.release(eventId, userId, bookingId);
    }

    public PendingHold pendingHold(long bookingId) {
        return seats.pendingHold(bookingId).orElseThrow(
                () -> new ApiException(ErrorCode.BOOKING_NOT_FOUND, "No pending hold for booking " + bookingId));
    }

    /** The booking is committed; from now on PostgreSQL answers for it. */
    public void confirmed(long eventId, String userId, long bookingId) {
        seats.confirm(eventId, userId, bookingId);
    }

    private Optional<HoldResponse> runHoldScript(long eventId, HoldRequest request) {
        return scriptTimer.record(() -> seats.hold(eventId, request));
    }

    private HoldResponse counted(HoldResponse response) {
        holdCounters.get(response.result()).increment();
        return response;
    }
}
