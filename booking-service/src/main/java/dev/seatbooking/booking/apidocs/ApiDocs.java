package dev.seatbooking.booking.apidocs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.seatbooking.common.api.BookingResponse;
import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.api.CancelRequest;
import dev.seatbooking.common.api.CreateEventRequest;
import dev.seatbooking.common.api.EventResponse;
import dev.seatbooking.common.api.EventView;
import dev.seatbooking.common.api.HealthResponse;
import dev.seatbooking.common.api.MessageResponse;
import dev.seatbooking.common.api.PageInfo;
import dev.seatbooking.common.api.PageResponse;
import dev.seatbooking.common.api.ReserveRequest;
import dev.seatbooking.common.booking.BookingListItem;
import dev.seatbooking.common.booking.BookingStatus;
import io.swagger.v3.oas.models.examples.Example;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the controllers' documentation annotations refer to: the security scheme, the Location
 * header and the examples. The examples are the API's own records written by the application's
 * JSON mapper, so they show exactly the JSON the API sends (snake_case, no null fields).
 */
public final class ApiDocs {

    public static final String BEARER_JWT = "bearer-jwt";

    /** The description of the Location header of a 201 or 202. */
    public static final String LOCATION = "The path of what was created";

    public static final String RESERVE_REQUEST = "#/components/examples/reserve-request";
    public static final String BOOKING_CONFIRMED = "#/components/examples/booking-confirmed";
    public static final String BOOKING_PENDING = "#/components/examples/booking-pending";
    public static final String BOOKING_REJECTED = "#/components/examples/booking-rejected";
    public static final String BOOKING_PAGE = "#/components/examples/booking-page";
    public static final String CANCEL_REQUEST = "#/components/examples/cancel-request";
    public static final String CANCELLED = "#/components/examples/cancelled";
    public static final String CANCEL_ACCEPTED = "#/components/examples/cancel-accepted";
    public static final String EVENT_REQUEST = "#/components/examples/event-request";
    public static final String EVENT = "#/components/examples/event";
    public static final String EVENT_PAGE = "#/components/examples/event-page";
    public static final String HEALTH_UP = "#/components/examples/health-up";
    public static final String HEALTH_DOWN = "#/components/examples/health-down";

    /** The contract's example time. */
    private static final Instant CREATED_AT = Instant.parse("2026-01-20T10:00:00Z");

    private ApiDocs() {
    }

    /** The examples the constants above name, keyed by their component names. */
    static Map<String, Example> examples(JsonMapper json) {
        String user = "user123";
        EventView event = new EventView(1, "Rock Concert", 100, 1, 99, CREATED_AT);
        Map<String, Object> examples = new LinkedHashMap<>();
        examples.put(RESERVE_REQUEST, new ReserveRequest(1L, user));
        examples.put(BOOKING_CONFIRMED, booking(BookingStatus.CONFIRMED, null));
        examples.put(BOOKING_PENDING, booking(BookingStatus.PENDING, null));
        examples.put(BOOKING_REJECTED, booking(BookingStatus.REJECTED, "SOLD_OUT"));
        examples.put(BOOKING_PAGE, new PageResponse<>(true, List.of(new BookingListItem(1, 1, event.name(), user,
                BookingStatus.CONFIRMED, CREATED_AT)), new PageInfo(0, 20, 1, 1)));
        examples.put(CANCEL_REQUEST, new CancelRequest(user));
        examples.put(CANCELLED, new MessageResponse("Booking cancelled"));
        examples.put(CANCEL_ACCEPTED, new MessageResponse("Cancellation accepted and being processed"));
        examples.put(EVENT_REQUEST, new CreateEventRequest(event.name(), event.totalSeats()));
        examples.put(EVENT, new EventResponse(event));
        examples.put(EVENT_PAGE, new PageResponse<>(true, List.of(event), new PageInfo(0, 20, 1, 1)));
        examples.put(HEALTH_UP, healthWithRedis("UP"));
        examples.put(HEALTH_DOWN, healthWithRedis("DOWN"));
        Map<String, Example> components = new LinkedHashMap<>();
        examples.forEach((ref, value) -> components.put(ref.substring(ref.lastIndexOf('/') + 1),
                new Example().value(json.convertValue(value, Object.class))));
        return components;
    }

    private static BookingResponse booking(BookingStatus status, String reason) {
        return new BookingResponse(new BookingView(1, 1, "user123", status, reason, CREATED_AT));
    }

    /** Everything else UP: the service is as healthy as Redis. */
    private static HealthResponse healthWithRedis(String status) {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("readinessState", "UP");
        components.put("db", "UP");
        components.put("redis", status);
        components.put("rabbit", "UP");
        components.put("cacheService", "UP");
        return new HealthResponse(status, "booking-service", components);
    }
}
