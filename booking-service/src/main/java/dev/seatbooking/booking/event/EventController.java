package dev.seatbooking.booking.event;

import java.net.URI;

import dev.seatbooking.booking.apidocs.ApiDocs;
import dev.seatbooking.booking.apidocs.ErrorResponses;
import dev.seatbooking.booking.apidocs.PageParameters;
import dev.seatbooking.booking.security.SecurityConfiguration;
import dev.seatbooking.common.api.CreateEventRequest;
import dev.seatbooking.common.api.EventResponse;
import dev.seatbooking.common.api.EventView;
import dev.seatbooking.common.api.PageInfo;
import dev.seatbooking.common.api.PageResponse;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/events")
@Tag(name = "Events")
class EventController {

    private final EventRepository events;
    private final EventChanges changes;

    EventController(EventRepository events, EventChanges changes) {
        this.events = events;
        this.changes = changes;
    }

    @Operation(operationId = "createEvent", summary = "Create an event",
            description = "An event with `total_seats` seats, none of them booked, and how it sells: at most "
                    + "`max_per_user` seats per user (1 by default, the seed's rule), holds kept `hold_ttl_seconds` "
                    + "(600 by default), sales between `sales_start` and `sales_end` (by default open from now, never "
                    + "closing) while `status` is `ON_SALE` (the default). In jwt mode it takes the `"
                    + SecurityConfiguration.ADMIN_SCOPE + "` scope.")
    @SecurityRequirement(name = ApiDocs.BEARER_JWT, scopes = SecurityConfiguration.ADMIN_SCOPE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(examples = @ExampleObject(name = "event", ref = ApiDocs.EVENT_REQUEST)))
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "The event is created",
            headers = @Header(name = HttpHeaders.LOCATION, description = ApiDocs.LOCATION,
                    schema = @Schema(type = "string")),
            content = @Content(examples = @ExampleObject(name = "event", ref = ApiDocs.EVENT)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "total_seats", invalidMessage = "must be less than or equal to 1000000")
    @PostMapping
    ResponseEntity<EventResponse> create(@Valid @RequestBody CreateEventRequest request) {
        EventPatch.requireWindow(request.salesStart(), request.salesEnd());
        Event event = events.save(new Event(request.name(), request.totalSeats(), request.settings()));
        return ResponseEntity.created(URI.create("/api/events/" + event.getId()))
                .body(new EventResponse(EventView.of(event)));
    }

    @Operation(operationId = "updateEvent", summary = "Change an event",
            description = "Changes `total_seats`, `status`, `sales_start`, `sales_end`, `max_per_user` or "
                    + "`hold_ttl_seconds`, as a JSON merge patch: fields left out stay as they are, `null` removes a "
                    + "bound of the sales window. A capacity below the seats booked and held (those in flight "
                    + "included) is refused with 409 `CAPACITY_BELOW_SOLD`, changing nothing; raised, the new seats "
                    + "are on sale at once. Holds already taken keep their expiry and seats. In jwt mode it takes "
                    + "the `" + SecurityConfiguration.ADMIN_SCOPE + "` scope.")
    @SecurityRequirement(name = ApiDocs.BEARER_JWT, scopes = SecurityConfiguration.ADMIN_SCOPE)
    @Parameter(name = "eventId", description = "The event's id", example = "1")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = EventPatchDocs.class),
            examples = @ExampleObject(name = "patch", ref = ApiDocs.EVENT_PATCH)))
    @ApiResponse(responseCode = "200", description = "The event as changed",
            content = @Content(schema = @Schema(implementation = EventResponse.class),
                    examples = @ExampleObject(name = "event", ref = ApiDocs.EVENT)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.EVENT_NOT_FOUND,
            ErrorCode.CAPACITY_BELOW_SOLD, ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "total_seats",
            invalidMessage = "must be between 1 and 1000000")
    @PatchMapping(path = "/{eventId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    ResponseEntity<?> update(@PathVariable @Positive long eventId, @RequestBody JsonNode patch) {
        return changes.change(eventId, EventPatch.parse(patch))
                .fold(event -> ResponseEntity.ok(new EventResponse(event)), ApiExceptionHandler::answer);
    }

    @Operation(operationId = "getEvent", summary = "Get an event",
            description = "The event with its committed seat counts (PostgreSQL's, so a reservation that is still "
                    + "`PENDING` is not counted yet).")
    @Parameter(name = "eventId", description = "The event's id", example = "1")
    @ApiResponse(responseCode = "200", description = "The event",
            content = @Content(schema = @Schema(implementation = EventResponse.class),
                    examples = @ExampleObject(name = "event", ref = ApiDocs.EVENT)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.EVENT_NOT_FOUND, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "event_id", invalidMessage = "must be a number")
    @GetMapping("/{eventId}")
    ResponseEntity<?> get(@PathVariable @Positive long eventId) {
        return events.findById(eventId).map(EventView::of).<Result<EventView>>map(Result::ok)
                .orElseGet(() -> Result.refused(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist"))
                .fold(event -> ResponseEntity.ok(new EventResponse(event)), ApiExceptionHandler::answer);
    }

    @Operation(operationId = "listEvents", summary = "List events", description = "All events, newest first.")
    @PageParameters
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "A page of events",
            content = @Content(examples = @ExampleObject(name = "events", ref = ApiDocs.EVENT_PAGE)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "size", invalidMessage = "must be less than or equal to 100")
    @GetMapping
    PageResponse<EventView> list(@RequestParam(defaultValue = "0") @Min(0) @Max(PageInfo.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return PageResponse.of(events.findAll(PageRequest.of(page, size, Sort.by(Sort.Order.desc("id")))),
                EventView::of);
    }
}
