package dev.seatbooking.booking.waitlist;

import java.net.URI;

import dev.seatbooking.booking.apidocs.ApiDocs;
import dev.seatbooking.booking.apidocs.ErrorResponses;
import dev.seatbooking.booking.booking.UserEventLock;
import dev.seatbooking.booking.security.Caller;
import dev.seatbooking.booking.waitlist.WaitlistEntryView.Response;
import dev.seatbooking.common.api.CreateHoldRequest;
import dev.seatbooking.common.api.UserIdRequest;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The waiting list of a sold-out event: join, follow the entry to its offer, leave. */
@RestController
@Tag(name = "Waiting list")
@SecurityRequirement(name = ApiDocs.BEARER_JWT)
class WaitlistController {

    private final Waitlist waitlist;
    private final Caller caller;

    WaitlistController(Waitlist waitlist, Caller caller) {
        this.waitlist = waitlist;
        this.caller = caller;
    }

    @Operation(operationId = "joinWaitlist", summary = "Join an event's waiting list", description = """
            Puts the user in line for `quantity` seats (1 when absent), only while fewer are available \
            (otherwise 409 `SEATS_AVAILABLE`: hold them instead). Seats that come back (a hold expired or \
            released, a booking cancelled, capacity raised) go to the list first, in order: the first waiting \
            entry whose quantity fits gets an **offer**, a hold of its seats lasting the event's \
            `waitlist_offer_ttl_seconds`, made in the same transaction that gives the seats back. Follow the \
            entry (`GET /api/waitlist/{id}`, or the `waitlist.offered` webhook) and confirm the offer through \
            the holds API: `POST /api/holds/{hold_id}/confirm`. An offer that expires or is declined goes on to \
            the next entry. In jwt mode the user is the token's subject.""")
    @Parameter(name = "eventId", description = "The event's id", example = "1")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "`user_id` is optional in jwt mode",
            content = @Content(examples = @ExampleObject(name = "join", ref = ApiDocs.HOLD_REQUEST)))
    @ApiResponse(responseCode = "201", description = "On the list",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = Response.class),
                    examples = @ExampleObject(name = "WAITING", ref = ApiDocs.WAITLIST_WAITING)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.EVENT_NOT_FOUND,
            ErrorCode.SEATS_AVAILABLE, ErrorCode.ALREADY_WAITING, ErrorCode.ALREADY_BOOKED, ErrorCode.LIMIT_EXCEEDED,
            ErrorCode.SALES_CLOSED, ErrorCode.RATE_LIMITED, ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "quantity",
            invalidMessage = "must be greater than 0", forbidden = Caller.NOT_THE_CALLER,
            rateLimited = UserEventLock.BUSY)
    @PostMapping("/api/events/{eventId}/waitlist")
    ResponseEntity<?> join(@PathVariable @Positive long eventId, @Valid @RequestBody CreateHoldRequest request) {
        return waitlist.join(eventId, caller.userId(request.userId()), request.quantityOrOne()).fold(
                joined -> ResponseEntity.created(URI.create("/api/waitlist/" + joined.entry().id()))
                        .body(new Response(joined.entry())),
                ApiExceptionHandler::answer);
    }

    @Operation(operationId = "getWaitlistEntry", summary = "Get a waiting-list entry", description = """
            `WAITING` with its `position` (1 = next), `OFFERED` with `hold_id` and `offer_expires_at`, then \
            `ACCEPTED` (the offer's hold confirmed), `EXPIRED` (the offer ran out) or `LEFT` (left the list, or \
            declined the offer). In jwt mode only the user's own.""")
    @Parameter(name = "entryId", description = "The entry's id", example = "7")
    @ApiResponse(responseCode = "200", description = "The entry",
            content = @Content(schema = @Schema(implementation = Response.class), examples = {
                    @ExampleObject(name = "WAITING", ref = ApiDocs.WAITLIST_WAITING),
                    @ExampleObject(name = "OFFERED", ref = ApiDocs.WAITLIST_OFFERED)}))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.WAITLIST_ENTRY_NOT_FOUND,
            ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "entry_id", invalidMessage = "must be a number")
    @GetMapping("/api/waitlist/{entryId}")
    ResponseEntity<?> get(@PathVariable @Positive long entryId) {
        return waitlist.find(entryId, caller::maySee)
                .fold(entry -> ResponseEntity.ok(new Response(entry)), ApiExceptionHandler::answer);
    }

    @Operation(operationId = "leaveWaitlist", summary = "Leave a waiting list", description = """
            200 with the entry, `LEFT`; leaving again is 200 too. An open offer is declined: its hold is \
            released and its seats go on to the next entry (202 while that release is queued and not committed \
            within BOOKING_CONFIRM_WAIT). An entry whose offer was accepted or expired is 409. Someone else's \
            entry is 404, as if it did not exist.""")
    @Parameter(name = "entryId", description = "The entry's id", example = "7")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "Optional in jwt mode",
            content = @Content(examples = @ExampleObject(name = "user", ref = ApiDocs.HOLD_OWNER)))
    @ApiResponse(responseCode = "200", description = "Left",
            content = @Content(schema = @Schema(implementation = Response.class),
                    examples = @ExampleObject(name = "LEFT", ref = ApiDocs.WAITLIST_LEFT)))
    @ApiResponse(responseCode = "202", description = "The offer's release is queued, not committed yet; it will be",
            content = @Content(schema = @Schema(implementation = Response.class),
                    examples = @ExampleObject(name = "OFFERED", ref = ApiDocs.WAITLIST_OFFERED)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.WAITLIST_ENTRY_NOT_FOUND,
            ErrorCode.WAITLIST_ENTRY_ENDED, ErrorCode.RATE_LIMITED, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "user_id", invalidMessage = "must not be blank", forbidden = Caller.NOT_THE_CALLER,
            rateLimited = UserEventLock.BUSY)
    @DeleteMapping("/api/waitlist/{entryId}")
    ResponseEntity<?> leave(@PathVariable @Positive long entryId,
            @Valid @RequestBody(required = false) UserIdRequest request) {
        return waitlist.leave(entryId, caller.userId(request == null ? null : request.userId())).fold(
                left -> ResponseEntity.status(left.committed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                        .body(new Response(left.entry())),
                ApiExceptionHandler::answer);
    }
}
