package dev.seatbooking.booking.booking;

import java.net.URI;

import dev.seatbooking.booking.apidocs.ApiDocs;
import dev.seatbooking.booking.apidocs.ErrorResponses;
import dev.seatbooking.booking.apidocs.PageParameters;
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
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
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
@Tag(name = "Bookings")
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
class BookingController {

    private final ReservationManager reservations;
    private final Cancellations cancellations;
    private final BookingRepository bookings;
    private final CacheServiceClient cache;
    private final Caller caller;

    BookingController(ReservationManager reservations, Cancellations cancellations, BookingRepository bookings,
            CacheServiceClient cache, Caller caller) {
        this.reservations = reservations;
        this.cancellations = cancellations;
        this.bookings = bookings;
        this.cache = cache;
        this.caller = caller;
    }

    @Operation(operationId = "reserve", summary = "Reserve a seat", description = """
            Books one seat of the event for the user: 201 once the booking is committed in PostgreSQL, 202 \
            with status `PENDING` when it is accepted (the seat is held and the booking queued) but not \
            committed within BOOKING_CONFIRM_WAIT; it will be, and GET /api/bookings/{booking_id} shows \
            when. A user holds at most one booking per event. In jwt mode the caller is the token's \
            subject, and a body `user_id` may only repeat it.""")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, example = "3f0c1c9e-order-42", description = """
            Makes retries safe: a repeat with the same key and body gets the first answer again and books \
            nothing new (for BOOKING_IDEMPOTENCY_TTL, 24 h by default); the same key with another body is \
            422. Printable ASCII, 1 to 255 characters.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "`user_id` is optional in jwt mode",
            content = @Content(examples = @ExampleObject(name = "reserve", ref = ApiDocs.RESERVE_REQUEST)))
    @ApiResponse(responseCode = "201", description = "Booked and committed",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = BookingResponse.class),
                    examples = @ExampleObject(name = "CONFIRMED", ref = ApiDocs.BOOKING_CONFIRMED)))
    @ApiResponse(responseCode = "202", description = "Accepted and queued, not committed yet; it will be",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = BookingResponse.class),
                    examples = @ExampleObject(name = "PENDING", ref = ApiDocs.BOOKING_PENDING)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.EVENT_NOT_FOUND,
            ErrorCode.ALREADY_BOOKED, ErrorCode.SOLD_OUT, ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.RATE_LIMITED,
            ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "event_id", invalidMessage = "must be greater than 0",
            forbidden = Caller.NOT_THE_CALLER)
    @PostMapping("/reserve")
    ResponseEntity<?> reserve(@Valid @RequestBody ReserveRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII")
            String idempotencyKey, HttpServletRequest http) {
        String userId = caller.userId(request.userId());
        return reservations.reserve(request.eventId(), userId, idempotencyKey, http.getRemoteAddr()).fold(
                reservation -> ResponseEntity.status(reservation.committed() ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                        .location(URI.create("/api/bookings/" + reservation.booking().id()))
                        .body(new BookingResponse(reservation.booking())),
                ApiExceptionHandler::answer);
    }

    @Operation(operationId = "getBooking", summary = "Get a booking", description = """
            `PENDING` while it is queued, then `CONFIRMED`, or `REJECTED` with the `reason` when PostgreSQL \
            refused it; `CANCELLED` once cancelled. In jwt mode only the owner's.""")
    @Parameter(name = "bookingId", description = "The booking's id", example = "1")
    @ApiResponse(responseCode = "200", description = "The booking",
            content = @Content(schema = @Schema(implementation = BookingResponse.class), examples = {
                    @ExampleObject(name = "CONFIRMED", ref = ApiDocs.BOOKING_CONFIRMED),
                    @ExampleObject(name = "PENDING", ref = ApiDocs.BOOKING_PENDING),
                    @ExampleObject(name = "REJECTED", ref = ApiDocs.BOOKING_REJECTED)}))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.BOOKING_NOT_FOUND, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "booking_id", invalidMessage = "must be a number")
    @GetMapping("/{bookingId}")
    ResponseEntity<?> get(@PathVariable @Positive long bookingId) {
        return bookings.findById(bookingId).map(BookingView::of).filter(found -> BookingView.isBooking(found.status()))
                .or(() -> cache.pendingClaim(bookingId).filter(claim -> claim.kind() == ClaimKind.RESERVE)
                        .map(claim -> BookingView.pending(claim, null)))
                .filter(found -> caller.maySee(found.userId()))
                .<Result<BookingView>>map(Result::ok)
                .orElseGet(() -> Cancellations.bookingNotFound(bookingId))
                .fold(booking -> ResponseEntity.ok(new BookingResponse(booking)), ApiExceptionHandler::answer);
    }

    @Operation(operationId = "listUserBookings", summary = "List a user's bookings", description = """
            Newest first; a user without bookings gets an empty list. In jwt mode only one's own.""")
    @Parameter(name = "userId", description = "The user's id, exactly as booked", example = "user123")
    @PageParameters
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "A page of the user's bookings",
            content = @Content(examples = @ExampleObject(name = "bookings", ref = ApiDocs.BOOKING_PAGE)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "size", invalidMessage = "must be less than or equal to 100",
            forbidden = Caller.NOT_YOUR_LIST)
    @GetMapping("/user/{userId}")
    PageResponse<BookingListItem> listForUser(@PathVariable @NotBlank @Size(max = StorableText.MAX_LENGTH)
            @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(PageInfo.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        caller.requireSelf(userId);
        return PageResponse.of(bookings.findListByUserId(userId, PageRequest.of(page, size)), item -> item);
    }

    @Operation(operationId = "cancelBooking", summary = "Cancel a booking", description = """
            Only the owner's, named by the body's `user_id` (in jwt mode by the token; the body may be \
            left out); anyone else's is 404 as if it did not exist. 200 once the cancellation is committed: \
            its seats are free at once and the user may book the event again. 202 when it is queued but not \
            committed within BOOKING_CONFIRM_WAIT; it will be.""")
    @Parameter(name = "bookingId", description = "The booking's id", example = "1")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "Optional in jwt mode",
            content = @Content(examples = @ExampleObject(name = "cancel", ref = ApiDocs.CANCEL_REQUEST)))
    @ApiResponse(responseCode = "200", description = "Cancelled",
            content = @Content(schema = @Schema(implementation = MessageResponse.class),
                    examples = @ExampleObject(name = "cancelled", ref = ApiDocs.CANCELLED)))
    @ApiResponse(responseCode = "202", description = "Accepted and queued, not committed yet; it will be",
            content = @Content(schema = @Schema(implementation = MessageResponse.class),
                    examples = @ExampleObject(name = "accepted", ref = ApiDocs.CANCEL_ACCEPTED)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.BOOKING_NOT_FOUND,
            ErrorCode.ALREADY_CANCELLED, ErrorCode.BOOKING_NOT_ACTIVE, ErrorCode.BOOKING_PENDING,
            ErrorCode.RATE_LIMITED, ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "user_id",
            invalidMessage = "must not be blank", forbidden = Caller.NOT_THE_CALLER, rateLimited = UserEventLock.BUSY)
    @DeleteMapping("/{bookingId}")
    ResponseEntity<?> cancel(@PathVariable @Positive long bookingId,
            @Valid @RequestBody(required = false) CancelRequest request) {
        return cancellations.cancel(bookingId, caller.userId(request == null ? null : request.userId())).fold(
                cancellation -> cancellation == Cancellations.Cancellation.COMMITTED
                        ? ResponseEntity.ok(new MessageResponse("Booking cancelled"))
                        : ResponseEntity.accepted().body(new MessageResponse("Cancellation accepted and being processed")),
                ApiExceptionHandler::answer);
    }
}
