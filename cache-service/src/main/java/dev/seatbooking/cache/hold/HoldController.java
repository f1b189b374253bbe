package dev.seatbooking.cache.hold;

import dev.seatbooking.common.cache.HoldRequests;
import dev.seatbooking.common.cache.HoldResponses;
import dev.seatbooking.common.cache.ReleaseRequest;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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

    HoldController(HoldService holds, SeatState seats) {
        this.holds = holds;
        this.seats = seats;
    }

    @PostMapping("/holds")
    HoldResponses hold(@RequestBody @Valid HoldRequests request) {
        return new HoldResponses(holds.holdAll(request.holds()));
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

    @GetMapping("/holds/{bookingId}")
    ResponseEntity<?> pendingHold(@PathVariable @Positive long bookingId) {
        return seats.pendingHold(bookingId).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ApiExceptionHandler.answer(ErrorCode.BOOKING_NOT_FOUND,
                        "No pending hold for booking " + bookingId));
    }
}
