package dev.seatbooking.booking.booking;

import java.net.URI;

import dev.seatbooking.booking.apidocs.ApiDocs;
import dev.seatbooking.booking.apidocs.ErrorResponses;
import dev.seatbooking.booking.security.Caller;
import dev.seatbooking.common.api.BookingResponse;
import dev.seatbooking.common.api.CreateHoldRequest;
import dev.seatbooking.common.api.HoldResponse;
import dev.seatbooking.common.api.UserIdRequest;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Seat holds: seats kept for a buyer while they pay, then confirmed into a booking, released, or expired. */
@RestController
@Tag(name = "Holds")
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
class HoldController {

    private final ReservationManager reservations;
    private final Holds holds;
    private final Caller caller;

    HoldController(ReservationManager reservations, Holds holds, Caller caller) {
        this.reservations = reservations;
        this.holds = holds;
        this.caller = caller;
    }

    @Operation(operationId = "createHold", summary = "Hold seats", description = """
            Holds `quantity` seats (1 when absent) of the event for the user until `expires_at`, the event's \
            `hold_ttl_seconds` from now: 201 once the hold is committed in PostgreSQL, 202 with status \
            `PENDING` when it is accepted (the seats are held and the hold queued) but not committed within \
            BOOKING_CONFIRM_WAIT. Confirm it (`POST /api/holds/{id}/confirm`) once the buyer paid; unconfirmed, \
            it expires and its seats go back on sale. A user has at most one hold or booking per event, of at \
            most the event's `max_per_user` seats, and only within the event's sales window while it is \
            `ON_SALE`. In jwt mode the holder is the token's subject.""")
    @Parameter(name = "eventId", description = "The event's id", example = "1")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, example = "3f0c1c9e-cart-42", description = """
            Makes retries safe, as for a reserve: a repeat with the same key and body gets the first answer \
            again and holds nothing new.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "`user_id` is optional in jwt mode",
            content = @Content(examples = @ExampleObject(name = "hold", ref = ApiDocs.HOLD_REQUEST)))
    @ApiResponse(responseCode = "201", description = "Held and committed",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = HoldResponse.class),
                    examples = @ExampleObject(name = "HELD", ref = ApiDocs.HOLD_HELD)))
    @ApiResponse(responseCode = "202", description = "Accepted and queued, not committed yet; it will be",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = HoldResponse.class),
                    examples = @ExampleObject(name = "PENDING", ref = ApiDocs.HOLD_PENDING)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.EVENT_NOT_FOUND,
            ErrorCode.ALREADY_BOOKED, ErrorCode.SOLD_OUT, ErrorCode.NOT_ENOUGH_SEATS, ErrorCode.LIMIT_EXCEEDED,
            ErrorCode.SALES_NOT_OPEN, ErrorCode.SALES_CLOSED, ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.RATE_LIMITED,
            ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "quantity", invalidMessage = "must be greater than 0",
            forbidden = Caller.NOT_THE_CALLER)
    @PostMapping("/api/events/{eventId}/holds")
    ResponseEntity<?> create(@PathVariable @Positive long eventId, @Valid @RequestBody CreateHoldRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII")
            String idempotencyKey, HttpServletRequest http) {
        String userId = caller.userId(request.userId());
        return reservations.hold(eventId, userId, request.quantityOrOne(), idempotencyKey, http.getRemoteAddr()).fold(
                created -> ResponseEntity.status(created.committed() ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                        .location(URI.create("/api/holds/" + created.hold().id()))
                        .body(new HoldResponse(created.hold())),
                ApiExceptionHandler::answer);
    }

    @Operation(operationId = "getHold", summary = "Get a hold", description = """
            `HELD` until `expires_at`, then `CONFIRMED` (its booking has the same id), `RELEASED` or \
            `EXPIRED`; `PENDING` while it is queued. In jwt mode only the holder's.""")
    @Parameter(name = "holdId", description = "The hold's id", example = "2")
    @ApiResponse(responseCode = "200", description = "The hold",
            content = @Content(schema = @Schema(implementation = HoldResponse.class), examples = {
                    @ExampleObject(name = "HELD", ref = ApiDocs.HOLD_HELD),
                    @ExampleObject(name = "EXPIRED", ref = ApiDocs.HOLD_EXPIRED)}))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.HOLD_NOT_FOUND, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "hold_id", invalidMessage = "must be a number")
    @GetMapping("/api/holds/{holdId}")
    ResponseEntity<?> get(@PathVariable @Positive long holdId) {
        return holds.find(holdId, caller::maySee)
                .fold(hold -> ResponseEntity.ok(new HoldResponse(hold)), ApiExceptionHandler::answer);
    }

    @Operation(operationId = "confirmHold", summary = "Confirm a hold (the buyer paid)", description = """
            Turns the holder's hold into a booking of its seats, under the same id: 201 with the booking once \
            it is committed; 200 with it when the hold was confirmed already; 202 with status `PENDING` when \
            the confirmation is queued but not committed within BOOKING_CONFIRM_WAIT (`GET /api/holds/{id}` \
            shows `CONFIRMED` once it is). A hold that expired is still confirmed if its seats are free again; \
            otherwise 410. Someone else's hold is 404, as if it did not exist.""")
    @Parameter(name = "holdId", description = "The hold's id", example = "2")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "Optional in jwt mode",
            content = @Content(examples = @ExampleObject(name = "holder", ref = ApiDocs.HOLD_OWNER)))
    @ApiResponse(responseCode = "201", description = "Confirmed now: the booking",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = BookingResponse.class),
                    examples = @ExampleObject(name = "CONFIRMED", ref = ApiDocs.HOLD_CONFIRMED)))
    @ApiResponse(responseCode = "200", description = "Confirmed before: the booking as it is",
            content = @Content(schema = @Schema(implementation = BookingResponse.class),
                    examples = @ExampleObject(name = "CONFIRMED", ref = ApiDocs.HOLD_CONFIRMED)))
    @ApiResponse(responseCode = "202", description = "Accepted and queued, not committed yet; it will be",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = BookingResponse.class),
                    examples = @ExampleObject(name = "PENDING", ref = ApiDocs.HOLD_CONFIRM_PENDING)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.HOLD_NOT_FOUND,
            ErrorCode.HOLD_PENDING, ErrorCode.HOLD_RELEASED, ErrorCode.ALREADY_BOOKED, ErrorCode.HOLD_EXPIRED,
            ErrorCode.RATE_LIMITED, ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "user_id",
            invalidMessage = "must not be blank", forbidden = Caller.NOT_THE_CALLER, rateLimited = UserEventLock.BUSY)
    @PostMapping("/api/holds/{holdId}/confirm")
    ResponseEntity<?> confirm(@PathVariable @Positive long holdId,
            @Valid @RequestBody(required = false) UserIdRequest request) {
        return holds.confirm(holdId, caller.userId(request == null ? null : request.userId())).fold(
                confirmation -> switch (confirmation.kind()) {
                    case CREATED -> ResponseEntity.created(URI.create("/api/bookings/" + holdId))
                            .body(new BookingResponse(confirmation.booking()));
                    case EXISTING -> ResponseEntity.ok(new BookingResponse(confirmation.booking()));
                    case QUEUED -> ResponseEntity.accepted().location(URI.create("/api/holds/" + holdId))
                            .body(new BookingResponse(confirmation.booking()));
                },
                ApiExceptionHandler::answer);
    }

    @Operation(operationId = "releaseHold", summary = "Release a hold", description = """
            Gives the holder's seats back: 200 with the hold, `RELEASED`, once that is committed, and the seats \
            are on sale again at once; releasing again is 200 too. 202 when the release is queued but not \
            committed within BOOKING_CONFIRM_WAIT. A confirmed hold is cancelled through its booking instead \
            (409). Someone else's hold is 404, as if it did not exist.""")
    @Parameter(name = "holdId", description = "The hold's id", example = "2")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "Optional in jwt mode",
            content = @Content(examples = @ExampleObject(name = "holder", ref = ApiDocs.HOLD_OWNER)))
    @ApiResponse(responseCode = "200", description = "Released",
            content = @Content(schema = @Schema(implementation = HoldResponse.class),
                    examples = @ExampleObject(name = "RELEASED", ref = ApiDocs.HOLD_RELEASED)))
    @ApiResponse(responseCode = "202", description = "Accepted and queued, not committed yet; it will be",
            content = @Content(schema = @Schema(implementation = HoldResponse.class),
                    examples = @ExampleObject(name = "HELD", ref = ApiDocs.HOLD_HELD)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.HOLD_NOT_FOUND,
            ErrorCode.HOLD_PENDING, ErrorCode.HOLD_CONFIRMED, ErrorCode.HOLD_EXPIRED, ErrorCode.RATE_LIMITED,
            ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "user_id", invalidMessage = "must not be blank",
            forbidden = Caller.NOT_THE_CALLER, rateLimited = UserEventLock.BUSY)
    @DeleteMapping("/api/holds/{holdId}")
    ResponseEntity<?> release(@PathVariable @Positive long holdId,
            @Valid @RequestBody(required = false) UserIdRequest request) {
        return holds.release(holdId, caller.userId(request == null ? null : request.userId())).fold(
                release -> ResponseEntity.status(release.committed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                        .body(new HoldResponse(release.hold())),
                ApiExceptionHandler::answer);
    }
}
