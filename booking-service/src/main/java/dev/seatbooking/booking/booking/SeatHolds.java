package dev.seatbooking.booking.booking;

import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.cache.ReleaseRequest;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.event.EventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * booking-service's side of a claim on seats in Redis: cache-service decides (its Lua script is the
 * seat rule), this turns the decision into the client's answer, and gives seats back whenever the
 * claim they were held for will not be made. A claim whose answer never came may still have
 * happened, so it is released too; a release only frees seats still held under that claim's id, so
 * it is always safe.
 */
@Component
class SeatHolds {

    private static final Logger log = LoggerFactory.getLogger(SeatHolds.class);

    private final CacheServiceClient cache;
    private final SoldOutEvents soldOut;
    private final EventRepository events;

    SeatHolds(CacheServiceClient cache, SoldOutEvents soldOut, EventRepository events) {
        this.cache = cache;
        this.soldOut = soldOut;
        this.events = events;
    }

    /**
     * The seats are held under the request's id, or the refusal the client hears; 503 without an
     * answer. A RETAKE, of a hold's seats for its confirmation, that finds them taken is that hold's
     * expiry: 410 HOLD_EXPIRED.
     */
    Result<ClaimResponse> hold(ClaimRequest request) {
        ClaimResponse claim;
        try {
            claim = cache.hold(request);
        } catch (ApiException e) {
            // a RETAKE's seats may be those of a hold that still has them: its caller sorts that out
            if (request.kind() != ClaimKind.RETAKE) {
                release(request.eventId(), request.bookingId(), request.userId());
            }
            throw e;
        }
        long eventId = request.eventId();
        if (request.kind() == ClaimKind.RETAKE && claim.result() != ClaimResult.HELD
                && claim.result() != ClaimResult.ALREADY_BOOKED && claim.result() != ClaimResult.UNAVAILABLE) {
            return Result.refused(ErrorCode.HOLD_EXPIRED,
                    "Hold " + request.bookingId() + " expired and its seats are no longer free");
        }
        return switch (claim.result()) {
            case HELD -> Result.ok(claim);
            case EVENT_NOT_FOUND -> Result.refused(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist");
            case SOLD_OUT -> {
                soldOut.mark(eventId);
                yield soldOutRefusal(eventId);
            }
            case NOT_ENOUGH_SEATS -> Result.refused(ErrorCode.NOT_ENOUGH_SEATS, "Only " + claim.available()
                    + " seats are left for event " + eventId + ", not " + request.quantity(),
                    "available_seats", claim.available());
            case LIMIT_EXCEEDED -> ClaimRefusals.limitExceeded(eventId, claim.maxPerUser());
            case SALES_NOT_OPEN -> Result.refused(ErrorCode.SALES_NOT_OPEN, "Sales for event " + eventId + " are not open");
            case SALES_CLOSED -> ClaimRefusals.salesClosed(eventId);
            case ALREADY_BOOKED -> request.kind() == ClaimKind.RESERVE
                    ? Result.refused(ErrorCode.ALREADY_BOOKED, "This user already holds a booking for event " + eventId)
                    : ClaimRefusals.alreadyClaimed(eventId);
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
     * The seats of a claim PostgreSQL just ended (cancelled, released) back on sale now, unless the
     * event has a waiting list: the same commit may have offered them, and cache-service must give the
     * offers their seats before any are free, which it does on queue-worker's outcomes, offers first.
     */
    void releaseCommitted(long eventId, long bookingId, String userId) {
        if (!events.mayOweSeatsToWaitlist(eventId)) {
            release(eventId, bookingId, userId);
        }
    }

    /**
     * The claim is no longer in flight (a confirm that was not sent): its seats stay as they are. Not
     * done, its pending record lapses after the short pending TTL.
     */
    void landed(long bookingId) {
        try {
            cache.landed(bookingId);
        } catch (ApiException e) {
            log.warn("Claim {} stays in flight for the short pending-hold TTL: {}", bookingId, e.getMessage());
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
