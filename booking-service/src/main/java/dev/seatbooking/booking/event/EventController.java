package dev.seatbooking.booking.event;

import java.net.URI;

import dev.seatbooking.common.api.CreateEventRequest;
import dev.seatbooking.common.api.EventResponse;
import dev.seatbooking.common.api.EventView;
import dev.seatbooking.common.api.PageInfo;
import dev.seatbooking.common.api.PageResponse;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/events")
class EventController {

    private final EventRepository events;

    EventController(EventRepository events) {
        this.events = events;
    }

    @PostMapping
    ResponseEntity<EventResponse> create(@Valid @RequestBody CreateEventRequest request) {
        Event event = events.save(new Event(request.name(), request.totalSeats()));
        return ResponseEntity.created(URI.create("/api/events/" + event.getId()))
                .body(new EventResponse(EventView.of(event)));
    }

    @GetMapping("/{eventId}")
    EventResponse get(@PathVariable @Positive long eventId) {
        return events.findById(eventId).map(EventView::of).map(EventResponse::new)
                .orElseThrow(() -> new ApiException(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist"));
    }

    @GetMapping
    PageResponse<EventView> list(@RequestParam(defaultValue = "0") @Min(0) @Max(PageInfo.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return PageResponse.of(events.findAll(PageRequest.of(page, size, Sort.by(Sort.Order.desc("id")))),
                EventView::of);
    }
}
