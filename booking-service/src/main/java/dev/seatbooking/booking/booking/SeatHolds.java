package dev.seatbooking.booking.booking;

import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.cache.HoldResponse;
import dev.seatbooking.common.cache.ReleaseRequest;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * booking-service's side of a seat hold: cache-service decides (its Lua script is the seat rule),
 * this turns the decision into the client's answer, and gives a seat back whenever the booking it
 * was held for will not be made. A hold whose answer never came may still have happened, so it is
 * released too; a release only frees a seat still held under that booking id, so it is always safe.
 */
@Component
class SeatHolds {

    private static final Logger log = LoggerFactory.getLogger(SeatHolds.class);

    private final CacheServiceClient cache;
    private final SoldOutEvents soldOut;

    SeatHolds(CacheServiceClient cache, SoldOutEvents soldOut) {
        this.cache = cache;
        this.soldOut = soldOut;
    }

    /** The seat is held for the request's booking, or the refusal the client hears; 503 without an answer. */
    Result<HoldResponse> hold(HoldRequest request) {
        HoldResponse hold;
        try {
            hold = cache.hold(request);
        } catch (ApiException e) {
            release(request.eventId(), request.bookingId(), request.userId());
            throw e;
        }
        long eventId = request.eventId();
        return switch (hold.result()) {
            case HELD -> Result.ok(hold);
            case EVENT_NOT_FOUND -> Result.refused(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist");
            case SOLD_OUT -> {
                soldOut.mark(eventId);
                yield soldOutRefusal(eventId);
            }
            case ALREADY_BOOKED -> Result.refused(ErrorCode.ALREADY_BOOKED,
                    "This user already holds a booking for event " + eventId);
            case UNAVAILABLE -> throw ApiException.unavailable("The seat state of event " + eventId, null);
        };
    }

    static <T> Result<T> soldOutRefusal(long eventId) {
        return Result.refused(ErrorCode.SOLD_OUT, "No seats left for event " + eventId);
    }

    /**
     * Gives the seat back now, if this booking still holds it. When cache-service cannot be reached,
     * the seat stays held until cache-service sees the booking's outcome, reconciles or rebuilds.
     */
    void release(long eventId, long bookingId, String userId) {
        soldOut.seatFreed(eventId);
        try {
            cache.release(eventId, new ReleaseRequest(bookingId, userId));
        } catch (ApiException e) {
            log.warn("Could not release the seat of booking {} now; it stays held until cache-service "
                    + "sees the booking's outcome or reconciles the event", bookingId);
        }
    }

    /**
     * The booking's command is queued but not committed within the wait (a 202): its seat must stay
     * held as long as a worker outage may last, which cache-service then sees to. Not done, the seat
     * is still held for the short pending TTL, and the booking still commits.
     */
    void keepWhileQueued(long bookingId) {
        try {
            cache.keepWhileQueued(bookingId);
        } catch (ApiException e) {
            log.warn("Booking {} keeps the short pending-hold TTL: {}", bookingId, e.getMessage());
        }
    }
}
