package dev.seatbooking.cache.hold;

import dev.seatbooking.common.cache.ClaimRequests;
import dev.seatbooking.common.cache.ClaimResponses;
import dev.seatbooking.common.cache.ReleaseRequest;
import dev.seatbooking.common.cache.SeatSettings;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** booking-service's internal API; not meant to be reachable from outside the deployment. */
@RestController
@RequestMapping("/internal")
@Validated
class HoldController {

    private final HoldService holds;
    private final SeatState seats;
    private final SeatStateRebuilder rebuilder;

    HoldController(HoldService holds, SeatState seats, SeatStateRebuilder rebuilder) {
        this.holds = holds;
        this.seats = seats;
        this.rebuilder = rebuilder;
    }

    @PostMapping("/holds")
    ClaimResponses hold(@RequestBody @Valid ClaimRequests request) {
        return new ClaimResponses(holds.holdAll(request.holds()));
    }

    /** 204 whether or not a seat was freed: the caller only needs the booking not to hold one. */
    @PostMapping("/events/{eventId}/holds/release")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void release(@PathVariable @Positive long eventId, @RequestBody @Valid ReleaseRequest request) {
        seats.release(eventId, request.userId(), request.bookingId());
    }

    /** 204 whether or not the booking still had a pending hold: one that has none needs no keeping. */
    @PostMapping("/holds/{bookingId}/queued")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void keepWhileQueued(@PathVariable @Positive long bookingId) {
        seats.keepWhileQueued(bookingId);
    }

    /** 204 whether or not the claim was in flight; its seats stay as they are. */
    @DeleteMapping("/holds/{bookingId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void landed(@PathVariable @Positive long bookingId) {
        seats.landed(bookingId);
    }

    @GetMapping("/holds/{bookingId}")
    ResponseEntity<?> pendingClaim(@PathVariable @Positive long bookingId) {
        return seats.pendingClaim(bookingId).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ApiExceptionHandler.answer(ErrorCode.BOOKING_NOT_FOUND,
                        "No claim in flight under id " + bookingId));
    }

    /**
     * An event's new capacity and settings, applied to its Redis state, which is loaded first (a
     * capacity is checked against every seat taken, those of commands still in flight included).
     * 204 once the hold script applies them; 409 CAPACITY_BELOW_SOLD, changing nothing, when more
     * seats are taken than the new capacity; 404 for an event PostgreSQL does not know.
     */
    @PutMapping("/events/{eventId}/settings")
    ResponseEntity<?> applySettings(@PathVariable @Positive long eventId, @RequestBody @Valid SeatSettings request) {
        if (!rebuilder.rebuild(eventId)) {
            return ApiExceptionHandler.answer(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist");
        }
        return switch (seats.applySettings(eventId, request)) {
            case APPLIED -> ResponseEntity.noContent().build();
            case CAPACITY_BELOW_SOLD -> ApiExceptionHandler.answer(ErrorCode.CAPACITY_BELOW_SOLD,
                    "More seats of event " + eventId + " are booked or held than " + request.capacity());
            // unloaded between the load and now (Redis lost its data): its next load reads PostgreSQL
            case NOT_LOADED -> ResponseEntity.noContent().build();
        };
    }
}
