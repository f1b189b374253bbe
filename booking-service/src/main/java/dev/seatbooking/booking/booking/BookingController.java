package dev.seatbooking.booking.booking;

import java.net.URI;
import java.util.Optional;

import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.booking.security.Caller;
import dev.seatbooking.common.api.BookingResponse;
import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.api.CancelRequest;
import dev.seatbooking.common.api.MessageResponse;
import dev.seatbooking.common.api.PageInfo;
import dev.seatbooking.common.api.PageResponse;
import dev.seatbooking.common.api.ReserveRequest;
import dev.seatbooking.common.api.StorableText;
import dev.seatbooking.common.booking.BookingListItem;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ApiExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/bookings")
class BookingController {

    private final ReservationManager reservations;
    private final BookingRepository bookings;
    private final CacheServiceClient cache;
    private final Caller caller;

    BookingController(ReservationManager reservations, BookingRepository bookings, CacheServiceClient cache,
            Caller caller) {
        this.reservations = reservations;
        this.bookings = bookings;
        this.cache = cache;
        this.caller = caller;
    }

    @PostMapping("/reserve")
    ResponseEntity<?> reserve(@Valid @RequestBody ReserveRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII")
            String idempotencyKey, HttpServletRequest http) {
        String userId = caller.userId(request.userId());
        Optional<ApiException> refused = reservations.answerWithoutWork(request.eventId(), idempotencyKey);
        if (refused.isPresent()) {
            return ApiExceptionHandler.answer(refused.get());
        }
        Reservation reservation = reservations.reserve(request.eventId(), userId, idempotencyKey, http.getRemoteAddr());
        return ResponseEntity.status(reservation.committed() ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .location(URI.create("/api/bookings/" + reservation.booking().id()))
                .body(new BookingResponse(reservation.booking()));
    }

    @GetMapping("/{bookingId}")
    BookingResponse get(@PathVariable @Positive long bookingId) {
        BookingView booking = bookings.findById(bookingId).map(BookingView::of)
                .or(() -> cache.pendingHold(bookingId).map(BookingView::pending))
                .filter(found -> caller.maySee(found.userId()))
                .orElseThrow(() -> ReservationManager.bookingNotFound(bookingId));
        return new BookingResponse(booking);
    }

    @GetMapping("/user/{userId}")
    PageResponse<BookingListItem> listForUser(@PathVariable @NotBlank @Size(max = StorableText.MAX_LENGTH)
            @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(PageInfo.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        caller.requireSelf(userId);
        return PageResponse.of(bookings.findListByUserId(userId, PageRequest.of(page, size)), item -> item);
    }

    @DeleteMapping("/{bookingId}")
    ResponseEntity<MessageResponse> cancel(@PathVariable @Positive long bookingId,
            @Valid @RequestBody(required = false) CancelRequest request) {
        if (reservations.cancel(bookingId, caller.userId(request == null ? null : request.userId()))) {
            return ResponseEntity.ok(new MessageResponse("Booking cancelled"));
        }
        return ResponseEntity.accepted().body(new MessageResponse("Cancellation accepted and being processed"));
    }
}
