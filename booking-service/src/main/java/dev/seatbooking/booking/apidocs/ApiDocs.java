package dev.seatbooking.booking.apidocs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.seatbooking.booking.waitlist.WaitlistEntryView;
import dev.seatbooking.common.api.BookingResponse;
import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.api.CancelRequest;
import dev.seatbooking.common.api.CreateEventRequest;
import dev.seatbooking.common.api.CreateHoldRequest;
import dev.seatbooking.common.api.EventResponse;
import dev.seatbooking.common.api.EventView;
import dev.seatbooking.common.api.HealthResponse;
import dev.seatbooking.common.api.HoldResponse;
import dev.seatbooking.common.api.HoldView;
import dev.seatbooking.common.api.MessageResponse;
import dev.seatbooking.common.api.PageInfo;
import dev.seatbooking.common.api.PageResponse;
import dev.seatbooking.common.api.ReserveRequest;
import dev.seatbooking.common.api.UserIdRequest;
import dev.seatbooking.common.booking.BookingListItem;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.event.EventStatus;
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
    public static final String EVENT_PATCH = "#/components/examples/event-patch";
    public static final String HOLD_REQUEST = "#/components/examples/hold-request";
    public static final String HOLD_HELD = "#/components/examples/hold-held";
    public static final String HOLD_PENDING = "#/components/examples/hold-pending";
    public static final String HOLD_EXPIRED = "#/components/examples/hold-expired";
    public static final String HOLD_RELEASED = "#/components/examples/hold-released";
    public static final String HOLD_OWNER = "#/components/examples/hold-owner";
    public static final String HOLD_CONFIRMED = "#/components/examples/hold-confirmed";
    public static final String HOLD_CONFIRM_PENDING = "#/components/examples/hold-confirm-pending";
    public static final String WAITLIST_WAITING = "#/components/examples/waitlist-waiting";
    public static final String WAITLIST_OFFERED = "#/components/examples/waitlist-offered";
    public static final String WAITLIST_LEFT = "#/components/examples/waitlist-left";
    public static final String HEALTH_UP = "#/components/examples/health-up";
    public static final String HEALTH_DOWN = "#/components/examples/health-down";

    /** The contract's example time. */
    private static final Instant CREATED_AT = Instant.parse("2026-01-20T10:00:00Z");

    private ApiDocs() {
    }

    /** The examples the constants above name, keyed by their component names. */
    static Map<String, Example> examples(JsonMapper json) {
        String user = "user123";
        EventView event = new EventView(1, "Rock Concert", 100, 1, 2, 97, 4, 600, null, null, EventStatus.ON_SALE,
                900, 0, CREATED_AT);
        Map<String, Object> examples = new LinkedHashMap<>();
        examples.put(RESERVE_REQUEST, new ReserveRequest(1L, user));
        examples.put(BOOKING_CONFIRMED, booking(BookingStatus.CONFIRMED, null));
        examples.put(BOOKING_PENDING, booking(BookingStatus.PENDING, null));
        examples.put(BOOKING_REJECTED, booking(BookingStatus.REJECTED, "SOLD_OUT"));
        examples.put(BOOKING_PAGE, new PageResponse<>(true, List.of(new BookingListItem(1, 1, event.name(), user, 1,
                BookingStatus.CONFIRMED, CREATED_AT)), new PageInfo(0, 20, 1, 1)));
        examples.put(CANCEL_REQUEST, new CancelRequest(user));
        examples.put(CANCELLED, new MessageResponse("Booking cancelled"));
        examples.put(CANCEL_ACCEPTED, new MessageResponse("Cancellation accepted and being processed"));
        examples.put(EVENT_REQUEST, new CreateEventRequest(event.name(), event.totalSeats(), 4, 600, null,
                Instant.parse("2026-03-01T09:00:00Z"), null, null));
        examples.put(EVENT_PATCH, Map.of("total_seats", 120, "status", "PAUSED"));
        examples.put(HOLD_REQUEST, new CreateHoldRequest(user, 2));
        examples.put(HOLD_HELD, hold(HoldView.HoldStatus.HELD));
        examples.put(HOLD_PENDING, hold(HoldView.HoldStatus.PENDING));
        examples.put(HOLD_EXPIRED, hold(HoldView.HoldStatus.EXPIRED));
        examples.put(HOLD_RELEASED, hold(HoldView.HoldStatus.RELEASED));
        examples.put(HOLD_OWNER, new UserIdRequest(user));
        examples.put(HOLD_CONFIRMED, new BookingResponse(new BookingView(2, 1, user, 2, BookingStatus.CONFIRMED, null,
                2L, CREATED_AT)));
        examples.put(HOLD_CONFIRM_PENDING, new BookingResponse(new BookingView(2, 1, user, 2, BookingStatus.PENDING,
                null, 2L, CREATED_AT)));
        examples.put(WAITLIST_WAITING, waitlistEntry(WaitlistEntryView.Status.WAITING, 3, null));
        examples.put(WAITLIST_OFFERED, waitlistEntry(WaitlistEntryView.Status.OFFERED, null, 51L));
        examples.put(WAITLIST_LEFT, waitlistEntry(WaitlistEntryView.Status.LEFT, null, null));
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
        return new BookingResponse(new BookingView(1, 1, "user123", 1, status, reason, null, CREATED_AT));
    }

    private static HoldResponse hold(HoldView.HoldStatus status) {
        return new HoldResponse(new HoldView(2, 1, "user123", 2, status, null, CREATED_AT.plusSeconds(600), CREATED_AT));
    }

    private static WaitlistEntryView.Response waitlistEntry(WaitlistEntryView.Status status, Integer position,
            Long holdId) {
        return new WaitlistEntryView.Response(new WaitlistEntryView(7, 1, "user123", 2, status, position, holdId,
                holdId == null ? null : CREATED_AT.plusSeconds(1800), CREATED_AT));
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
